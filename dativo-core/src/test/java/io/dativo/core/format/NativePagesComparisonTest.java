package io.dativo.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.core.storage.LocalFileIO;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pages {@link ParquetBatchWriter} encodes itself, plain and with a dictionary, against parquet-java's own column
 * writers: the same random batches (every type, null patterns from none to all, values from all distinct to a few,
 * dictionaries that pass their limit, selections, runs that cross page and row-group limits) are written both ways, and the files must hold the same values in the same order
 * (read by DuckDB) and the same statistics (min, max, null and value counts per column, read from the footer by
 * parquet-java, and as DuckDB reports them).
 */
class NativePagesComparisonTest {

    private static final DataType[] TYPES = {DataType.STRING, DataType.JSON, DataType.LONG, DataType.FLOAT,
        DataType.DOUBLE, DataType.DECIMAL, DataType.BOOLEAN, DataType.DATE, DataType.TIMESTAMP, DataType.TIME,
        DataType.BINARY};
    private static final long[] ROW_GROUP_BYTES = {48 * 1024, 400 * 1024, 128L * 1024 * 1024};

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    /** How a column's nulls fall. */
    private enum Nulls { NONE, ALL, SCATTERED, RUNS }

    /**
     * How a column's values repeat: not at all; a few values; a pool of a few thousand; or each random value twice
     * in a row, which passes the dictionary decision on the first rows and then grows the dictionary past its limit.
     */
    private enum Values { RANDOM, FEW, POOL, PAIRS }

    /** One column of a random case: its field, where its nulls fall, and how its values repeat. */
    private record Column(FieldSpec field, Nulls nulls, Values values) {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void nativePagesMatchParquetJavaValueByValueAndStatisticByStatistic(long seed) throws Exception {
        Random random = new Random(seed);
        List<Column> columns = new ArrayList<>();
        for (DataType type : TYPES) {
            int copies = 1 + random.nextInt(2);
            for (int k = 0; k < copies; k++) {
                String name = type.name().toLowerCase() + "_" + k;
                FieldSpec field = type == DataType.DECIMAL
                        ? new FieldSpec(name, type, false, null, null, k == 0 ? 18 : 38, 4)
                        : FieldSpec.of(name, type, false);
                columns.add(new Column(field, Nulls.values()[random.nextInt(Nulls.values().length)],
                        Values.values()[random.nextInt(Values.values().length)]));
            }
        }
        int rows = 1 + random.nextInt(50_000);
        long rowGroupBytes = ROW_GROUP_BYTES[random.nextInt(ROW_GROUP_BYTES.length)];
        writeBothWaysAndCompare(seed, columns, rows, rowGroupBytes, true);
    }

    /**
     * Dictionaries that pass their 1 MB limit in the middle of a row group, for text and 8-byte values: each value
     * twice in a row, so the first rows choose a dictionary, then enough distinct values to fill it (8-byte values
     * after 131,072 of them; 4-byte ones would need twice as many rows, and share the code). With half the rows
     * null only the text passes the limit. The native file must hold dictionary pages, then plain ones where the
     * limit was passed, and no dictionary page over the limit.
     */
    @ParameterizedTest
    @ValueSource(longs = {11, 12})
    void dictionariesPastTheirLimitFallBackAsParquetJavasDo(long seed) throws Exception {
        List<Column> columns = new ArrayList<>();
        for (DataType type : new DataType[]{DataType.STRING, DataType.LONG, DataType.DOUBLE, DataType.TIMESTAMP}) {
            columns.add(new Column(FieldSpec.of(type.name().toLowerCase(), type, false),
                    seed == 11 ? Nulls.NONE : Nulls.RUNS, Values.PAIRS));
        }
        Path viaNative = writeBothWaysAndCompare(seed, columns, 330_000, 128L * 1024 * 1024, false);
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(viaNative),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            List<ColumnDescriptor> descriptors = reader.getFooter().getFileMetaData().getSchema().getColumns();
            BlockMetaData group = reader.getFooter().getBlocks().get(0);
            for (int c = 0; c < descriptors.size(); c++) {
                ColumnChunkMetaData chunk = group.getColumns().get(c);
                String name = descriptors.get(c).getPath()[0];
                assertThat(chunk.getEncodings()).as(name).contains(Encoding.PLAIN_DICTIONARY);
                if (columns.get(c).nulls() == Nulls.NONE || columns.get(c).field().type() == DataType.STRING) {
                    assertThat(chunk.getEncodings()).as(name + " past its limit").contains(Encoding.PLAIN);
                }
                assertThat(chunk.hasDictionaryPage()).as(name).isTrue();
                try (InputStream in = Files.newInputStream(viaNative)) {
                    in.skipNBytes(chunk.getDictionaryPageOffset());
                    PageHeader header = Util.readPageHeader(in);
                    assertThat(header.getType()).as(name).isEqualTo(PageType.DICTIONARY_PAGE);
                    assertThat(header.getUncompressed_page_size()).as(name)
                            .isBetween(1, DictionaryPages.MAX_DICTIONARY_BYTES);
                }
            }
        }
    }

    /**
     * Writes the same random batches both ways (with random selections of their rows when {@code selections}) and
     * compares the files; returns the native one.
     */
    private Path writeBothWaysAndCompare(long seed, List<Column> columns, int rows, long rowGroupBytes,
            boolean selections) throws Exception {
        Random random = new Random(seed * 17);
        AssetDefinition asset = AssetDefinition.of("cmp", columns.stream().map(Column::field).toList());
        Path viaNative = dir.resolve("native-" + seed + ".parquet");
        Path viaParquet = dir.resolve("parquet-java-" + seed + ".parquet");
        LocalFileIO io = new LocalFileIO();
        ParquetBatchWriter a = new ParquetBatchWriter(io.newOutputFile(viaNative.toString()), asset, Map.of(),
                "snappy", rowGroupBytes, Map.of(), true);
        ParquetBatchWriter b = new ParquetBatchWriter(io.newOutputFile(viaParquet.toString()), asset, Map.of(),
                "snappy", rowGroupBytes, Map.of(), false);
        try (a; b) {
            Random values = new Random(seed * 31);
            for (int from = 0; from < rows; ) {
                int size = Math.min(rows - from, 1 + random.nextInt(12_000));
                try (VectorSchemaRoot root = batch(asset, columns, values, size)) {
                    if (selections && random.nextInt(3) == 0) {
                        int[] picked = new int[size];
                        int n = 0;
                        for (int r = 0; r < size; r++) {
                            if (random.nextInt(4) != 0) {
                                picked[n++] = r;
                            }
                        }
                        a.write(root, picked, n);
                        b.write(root, picked, n);
                    } else {
                        a.write(root, null, size);
                        b.write(root, null, size);
                    }
                }
                from += size;
            }
        }
        io.publish(a.written().pending());
        io.publish(b.written().pending());

        assertSameValues(viaNative, viaParquet);
        assertSameFooterStatistics(viaNative, viaParquet);
        assertSameDuckDbStatistics(viaNative, viaParquet);
        return viaNative;
    }

    private static void assertSameValues(Path a, Path b) throws Exception {
        String left = "read_parquet('" + a + "', file_row_number = true)";
        String right = "read_parquet('" + b + "', file_row_number = true)";
        assertThat(DuckDb.query("SELECT count(*) FROM " + left))
                .isEqualTo(DuckDb.query("SELECT count(*) FROM " + right));
        assertThat(DuckDb.query("SELECT count(*) FROM (SELECT * FROM " + left + " EXCEPT ALL SELECT * FROM " + right
                + ")")).as("rows of the native file that parquet-java's lacks").containsExactly(List.of(0L));
        assertThat(DuckDb.query("SELECT count(*) FROM (SELECT * FROM " + right + " EXCEPT ALL SELECT * FROM " + left
                + ")")).as("rows of parquet-java's file that the native one lacks").containsExactly(List.of(0L));
    }

    /**
     * Row groups may be cut at different rows (the two ways estimate buffered bytes differently), so statistics are
     * merged over the shortest runs of row groups that end at the same row in both files, and compared there; where
     * the cuts agree, that is row group by row group.
     */
    private static void assertSameFooterStatistics(Path a, Path b) throws Exception {
        List<BlockMetaData> left = blocks(a);
        List<BlockMetaData> right = blocks(b);
        int columns = left.get(0).getColumns().size();
        int i = 0;
        int j = 0;
        while (i < left.size() || j < right.size()) {
            List<BlockMetaData> l = new ArrayList<>();
            List<BlockMetaData> r = new ArrayList<>();
            long leftRows = 0;
            long rightRows = 0;
            do {
                if (leftRows <= rightRows && i < left.size()) {
                    l.add(left.get(i));
                    leftRows += left.get(i++).getRowCount();
                } else {
                    r.add(right.get(j));
                    rightRows += right.get(j++).getRowCount();
                }
            } while (leftRows != rightRows);
            for (int c = 0; c < columns; c++) {
                ColumnChunkMetaData chunk = l.get(0).getColumns().get(c);
                String where = chunk.getPath() + " in row groups ending at row " + leftRows;
                assertThat(merged(r, c)).as(where).isEqualTo(merged(l, c));
                assertThat(valueCount(r, c)).as(where).isEqualTo(valueCount(l, c));
            }
        }
    }

    private static Statistics<?> merged(List<BlockMetaData> blocks, int column) {
        PrimitiveType type = blocks.get(0).getColumns().get(column).getPrimitiveType();
        Statistics<?> stats = Statistics.createStats(type);
        for (BlockMetaData block : blocks) {
            stats.mergeStatistics(block.getColumns().get(column).getStatistics());
        }
        return stats;
    }

    private static long valueCount(List<BlockMetaData> blocks, int column) {
        return blocks.stream().mapToLong(block -> block.getColumns().get(column).getValueCount()).sum();
    }

    private static List<BlockMetaData> blocks(Path file) throws Exception {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            return reader.getFooter().getBlocks();
        }
    }

    /** As DuckDB reports them: per row group where the cuts agree, per file otherwise. */
    private static void assertSameDuckDbStatistics(Path a, Path b) throws Exception {
        String groups = "SELECT row_group_num_rows FROM parquet_metadata('%s') WHERE column_id = 0 ORDER BY row_group_id";
        String perGroup = "SELECT row_group_id, path_in_schema, stats_min_value, stats_max_value, stats_null_count, "
                + "num_values FROM parquet_metadata('%s') ORDER BY row_group_id, column_id";
        String perFile = "SELECT path_in_schema, sum(stats_null_count), sum(num_values) FROM parquet_metadata('%s') "
                + "GROUP BY path_in_schema ORDER BY path_in_schema";
        if (DuckDb.query(groups.formatted(a)).equals(DuckDb.query(groups.formatted(b)))) {
            assertThat(DuckDb.query(perGroup.formatted(b))).isEqualTo(DuckDb.query(perGroup.formatted(a)));
        }
        assertThat(DuckDb.query(perFile.formatted(b))).isEqualTo(DuckDb.query(perFile.formatted(a)));
    }

    private VectorSchemaRoot batch(AssetDefinition asset, List<Column> columns, Random random, int size) {
        VectorSchemaRoot root = VectorSchemaRoot.create(asset.arrowSchema(), allocator);
        root.allocateNew();
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            FieldVector vector = root.getVector(c);
            int run = 1 + random.nextInt(5_000);
            long pair = 0;
            for (int r = 0; r < size; r++) {
                if (r % 2 == 0) {
                    pair = random.nextLong();
                }
                boolean isNull = switch (column.nulls()) {
                    case NONE -> false;
                    case ALL -> true;
                    case SCATTERED -> random.nextInt(5) == 0;
                    case RUNS -> (r / run) % 2 == 0;
                };
                if (!isNull) {
                    set(vector, column, r, switch (column.values()) {
                        case RANDOM -> random;
                        case FEW -> new Random(random.nextInt(5));
                        case POOL -> new Random(random.nextInt(3_000));
                        case PAIRS -> new Random(pair);
                    });
                }
            }
        }
        root.setRowCount(size);
        return root;
    }

    /** A random value of the column's type, edge values included. */
    private static void set(FieldVector vector, Column column, int row, Random random) {
        switch (column.field().type()) {
            case STRING -> ((VarCharVector) vector).setSafe(row, text(random).getBytes(StandardCharsets.UTF_8));
            case JSON -> ((VarCharVector) vector).setSafe(row,
                    ("{\"k\":" + random.nextInt() + ",\"s\":\"" + Long.toString(random.nextLong(), 36) + "é\"}").getBytes(StandardCharsets.UTF_8));
            case LONG -> ((BigIntVector) vector).setSafe(row, switch (random.nextInt(20)) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                default -> random.nextLong();
            });
            case FLOAT -> ((Float4Vector) vector).setSafe(row, switch (random.nextInt(40)) {
                case 0 -> -0.0f;
                case 1 -> 0.0f;
                case 2 -> Float.MAX_VALUE;
                case 3 -> -Float.MIN_VALUE;
                default -> (random.nextFloat() - 0.5f) * 1e6f;
            });
            case DOUBLE -> ((Float8Vector) vector).setSafe(row, switch (random.nextInt(40)) {
                case 0 -> -0.0;
                case 1 -> 0.0;
                case 2 -> -Double.MAX_VALUE;
                case 3 -> Double.MIN_VALUE;
                default -> (random.nextDouble() - 0.5) * 1e12;
            });
            case DECIMAL -> {
                int precision = column.field().precision();
                BigInteger unscaled = new BigInteger(precision <= 18 ? 59 : 125, random);
                ((DecimalVector) vector).setSafe(row, new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(),
                        column.field().scale()));
            }
            case BOOLEAN -> ((BitVector) vector).setSafe(row, random.nextInt(2));
            case DATE -> ((DateDayVector) vector).setSafe(row, random.nextInt(200_000) - 100_000);
            case TIMESTAMP -> ((TimeStampMicroTZVector) vector).setSafe(row,
                    random.nextLong() % 4_000_000_000_000_000L);
            case TIME -> ((TimeMicroVector) vector).setSafe(row, (long) (random.nextDouble() * 86_400_000_000L));
            case BINARY -> {
                byte[] bytes = new byte[random.nextInt(24)];
                random.nextBytes(bytes);
                ((VarBinaryVector) vector).setSafe(row, bytes);
            }
        }
    }

    private static String text(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(30);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(40);
            s.append(pick == 0 ? 'é' : pick == 1 ? '€' : pick == 2 ? '\u0000' : (char) ('!' + random.nextInt(90)));
        }
        return s.toString();
    }
}
