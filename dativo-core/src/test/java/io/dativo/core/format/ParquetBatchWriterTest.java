package io.dativo.core.format;

import static io.dativo.core.testing.TestSupport.duckdb;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.ColumnStats;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.core.storage.LocalFileIO;
import io.dativo.testkit.LeakCheckedAllocator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every contract type through the Parquet writer, both the columns it encodes itself and those it leaves to
 * parquet-java, read back by DuckDB (values, nulls, statistics, page limits and encodings) and by parquet-java's own
 * record reader.
 */
class ParquetBatchWriterTest {

    static final AssetDefinition ALL_TYPES = AssetDefinition.of("all_types", List.of(
            FieldSpec.of("id", DataType.LONG, true),
            FieldSpec.of("code", DataType.STRING, false),
            FieldSpec.of("note", DataType.STRING, false),
            new FieldSpec("price", DataType.DECIMAL, false, null, null, 15, 2),
            new FieldSpec("big", DataType.DECIMAL, false, null, null, 38, 10),
            FieldSpec.of("ratio", DataType.DOUBLE, false),
            FieldSpec.of("weight", DataType.FLOAT, false),
            FieldSpec.of("day", DataType.DATE, false),
            FieldSpec.of("at", DataType.TIMESTAMP, false),
            FieldSpec.of("clock", DataType.TIME, false),
            FieldSpec.of("flag", DataType.BOOLEAN, false),
            FieldSpec.of("blob", DataType.BINARY, false),
            FieldSpec.of("empty", DataType.LONG, false)));

    static final int ROWS = 50_000;
    static final int BATCH = 8_192;

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    /** Row {@code i}'s value of each column, or null; the same function fills the vectors and checks the file. */
    static List<Object> expected(int i) {
        Random r = new Random(i);
        boolean sparse = i % 7 == 3;
        List<Object> row = new ArrayList<>();
        row.add((long) i * 3 - 20_000);
        row.add(i % 11 == 0 ? null : "code-" + (i % 5));
        row.add(sparse ? null : "note " + Long.toHexString(r.nextLong()) + (i % 3 == 0 ? "é€" : ""));
        row.add(sparse ? null : BigDecimal.valueOf(r.nextInt(2_000_000) - 1_000_000, 2));
        row.add(sparse ? null : new BigDecimal(r.nextLong() + "." + String.format("%010d", r.nextInt(1_000_000_000))));
        row.add(sparse ? null : r.nextDouble() * 1e6 - 5e5);
        row.add(sparse ? null : r.nextFloat() * 100);
        row.add(sparse ? null : 10_000 + r.nextInt(20_000));
        row.add(sparse ? null : 1_600_000_000_000_000L + (long) i * 1_000_003L);
        row.add(sparse ? null : (long) r.nextInt(86_400) * 1_000_000L);
        row.add(sparse ? null : r.nextBoolean());
        row.add(sparse ? null : new byte[]{(byte) i, (byte) (i >> 8), (byte) r.nextInt()});
        row.add(null);
        return row;
    }

    private VectorSchemaRoot batch(int from, int to) {
        VectorSchemaRoot root = VectorSchemaRoot.create(ALL_TYPES.arrowSchema(), allocator);
        root.allocateNew();
        for (int i = from; i < to; i++) {
            int at = i - from;
            List<Object> row = expected(i);
            ((BigIntVector) root.getVector("id")).setSafe(at, (Long) row.get(0));
            text(root.getVector("code"), at, (String) row.get(1));
            text(root.getVector("note"), at, (String) row.get(2));
            if (row.get(3) != null) {
                ((DecimalVector) root.getVector("price")).setSafe(at, (BigDecimal) row.get(3));
                ((DecimalVector) root.getVector("big")).setSafe(at, (BigDecimal) row.get(4));
                ((Float8Vector) root.getVector("ratio")).setSafe(at, (Double) row.get(5));
                ((Float4Vector) root.getVector("weight")).setSafe(at, (Float) row.get(6));
                ((DateDayVector) root.getVector("day")).setSafe(at, (Integer) row.get(7));
                ((TimeStampMicroTZVector) root.getVector("at")).setSafe(at, (Long) row.get(8));
                ((TimeMicroVector) root.getVector("clock")).setSafe(at, (Long) row.get(9));
                ((BitVector) root.getVector("flag")).setSafe(at, (Boolean) row.get(10) ? 1 : 0);
                ((VarBinaryVector) root.getVector("blob")).setSafe(at, (byte[]) row.get(11));
            }
        }
        root.setRowCount(to - from);
        return root;
    }

    private static void text(org.apache.arrow.vector.FieldVector v, int at, String s) {
        if (s != null) {
            ((VarCharVector) v).setSafe(at, s.getBytes(StandardCharsets.UTF_8));
        }
    }

    private Path write(boolean everyOtherRow, long rowGroupBytes) throws Exception {
        return write(everyOtherRow, rowGroupBytes, Map.of()).getKey();
    }

    /** Writes the rows through a {@link LocalFileIO}, publishes the file, and returns it with what the writer said. */
    private Map.Entry<Path, FormatWriter.Written> write(boolean everyOtherRow, long rowGroupBytes,
                                                        Map<String, Integer> fieldIds) throws Exception {
        Path file = dir.resolve("all.parquet");
        LocalFileIO io = new LocalFileIO();
        ParquetBatchWriter writer = new ParquetBatchWriter(io.newOutputFile(file.toString()), ALL_TYPES, fieldIds,
                "snappy", rowGroupBytes, Map.of("k", "v"));
        try (ParquetBatchWriter out = writer) {
            for (int from = 0; from < ROWS; from += BATCH) {
                try (VectorSchemaRoot root = batch(from, Math.min(ROWS, from + BATCH))) {
                    if (everyOtherRow) {
                        int[] rows = new int[root.getRowCount()];
                        int n = 0;
                        for (int r = 0; r < root.getRowCount(); r += 2) {
                            rows[n++] = r;
                        }
                        out.write(root, rows, n);
                    } else {
                        out.write(root, null, 0);
                    }
                }
            }
        }
        assertThat(file).as("staged, not visible").doesNotExist();
        io.publish(writer.written().pending());
        return Map.entry(file, writer.written());
    }

    @Test
    void statisticsReportedAfterCloseAreThoseOfTheFooterInTheContractsTypes() throws Exception {
        Map<String, Integer> ids = Map.of("id", 1, "price", 4, "big", 5);
        Map.Entry<Path, FormatWriter.Written> w = write(false, 1L << 20, ids);
        Path file = w.getKey();
        FormatWriter.Written written = w.getValue();
        assertThat(written.records()).isEqualTo(ROWS);
        assertThat(written.bytes()).isEqualTo(Files.size(file));
        assertThat(written.columns().keySet()).containsExactlyElementsOf(
                ALL_TYPES.schema().stream().map(FieldSpec::name).toList());
        assertThat(duckdb("SELECT name, field_id FROM parquet_schema('" + file + "') WHERE field_id IS NOT NULL "
                + "ORDER BY field_id")).containsExactly(List.of("id", 1L), List.of("price", 4L), List.of("big", 5L));
        for (FieldSpec f : ALL_TYPES.schema()) {
            String c = "\"" + f.name() + "\"";
            List<Object> counts = duckdb("SELECT count(*), count(*) - count(" + c + ") FROM read_parquet('" + file
                    + "')").get(0);
            List<Object> size = duckdb("SELECT sum(total_compressed_size) FROM parquet_metadata('" + file
                    + "') WHERE path_in_schema = '" + f.name() + "'").get(0);
            ColumnStats stats = written.columns().get(f.name());
            assertThat(stats.valueCount()).as(f.name()).isEqualTo(counts.get(0));
            assertThat(stats.nullCount()).as(f.name()).isEqualTo(counts.get(1));
            assertThat(stats.sizeBytes()).as(f.name()).isEqualTo(((Number) size.get(0)).longValue());
        }
        long lowestId = -20_000;
        assertThat(written.columns().get("id")).satisfies(s -> {
            assertThat(s.lower()).isEqualTo(lowestId);
            assertThat(s.upper()).isEqualTo((long) (ROWS - 1) * 3 - 20_000);
        });
        assertThat(written.columns().get("empty").lower()).as("every value null").isNull();
        List<Object> bounds = duckdb("SELECT min(code), max(code), min(price), max(price), min(big), max(big), "
                + "min(ratio), max(ratio), min(weight)::DOUBLE, max(weight)::DOUBLE, min(day) - DATE '1970-01-01', "
                + "epoch_us(max(\"at\")), bool_or(flag), bool_and(flag) FROM read_parquet('" + file + "')").get(0);
        var cols = written.columns();
        assertThat(List.of(cols.get("code").lower(), cols.get("code").upper())).isEqualTo(bounds.subList(0, 2));
        assertThat((BigDecimal) cols.get("price").lower()).isEqualByComparingTo((BigDecimal) bounds.get(2));
        assertThat((BigDecimal) cols.get("price").upper()).isEqualByComparingTo((BigDecimal) bounds.get(3));
        assertThat((BigDecimal) cols.get("big").lower()).isEqualByComparingTo((BigDecimal) bounds.get(4));
        assertThat((BigDecimal) cols.get("big").upper()).isEqualByComparingTo((BigDecimal) bounds.get(5));
        assertThat(cols.get("ratio").lower()).isEqualTo(bounds.get(6));
        assertThat(cols.get("ratio").upper()).isEqualTo(bounds.get(7));
        assertThat(cols.get("weight").lower()).isEqualTo(bounds.get(8));
        assertThat(cols.get("weight").upper()).isEqualTo(bounds.get(9));
        assertThat(cols.get("day").lower()).isEqualTo(((Number) bounds.get(10)).longValue());
        assertThat(cols.get("at").upper()).isEqualTo(bounds.get(11));
        assertThat(cols.get("flag").lower()).isEqualTo(bounds.get(13));
        assertThat(cols.get("flag").upper()).isEqualTo(bounds.get(12));
        assertThat(cols.get("blob").lower()).as("no bound for plain binary").isNull();
    }

    private static List<List<Object>> fileRows(Path file) throws Exception {
        return duckdb("SELECT id, code, note, price, big, ratio, weight, day - DATE '1970-01-01', epoch_us(\"at\"), "
                + "epoch_us(clock), flag, hex(blob), empty FROM read_parquet('" + file + "') ORDER BY id");
    }

    private static void assertRow(List<Object> actual, List<Object> expected) {
        assertThat(actual.get(0)).isEqualTo(expected.get(0));
        assertThat(actual.get(1)).isEqualTo(expected.get(1));
        assertThat(actual.get(2)).isEqualTo(expected.get(2));
        if (expected.get(3) == null) {
            assertThat(actual.subList(3, 13)).as("row %s", expected.get(0)).containsOnlyNulls();
            return;
        }
        assertThat((BigDecimal) actual.get(3)).isEqualByComparingTo((BigDecimal) expected.get(3));
        assertThat((BigDecimal) actual.get(4)).isEqualByComparingTo((BigDecimal) expected.get(4));
        assertThat(actual.get(5)).isEqualTo(expected.get(5));
        assertThat(actual.get(6)).isEqualTo(expected.get(6));
        assertThat(((Number) actual.get(7)).intValue()).isEqualTo(expected.get(7));
        assertThat(actual.get(8)).isEqualTo(expected.get(8));
        assertThat(actual.get(9)).isEqualTo(expected.get(9));
        assertThat(actual.get(10)).isEqualTo(expected.get(10));
        assertThat(actual.get(11)).isEqualTo(HexFormat.of().withUpperCase().formatHex((byte[]) expected.get(11)));
        assertThat(actual.get(12)).isNull();
    }

    @Test
    void everyTypeReadsBackWithItsNulls() throws Exception {
        Path file = write(false, 1L << 20);
        List<List<Object>> rows = fileRows(file);
        assertThat(rows).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            assertRow(rows.get(i), expected(i));
        }
        assertThat(duckdb("SELECT decode(value) FROM parquet_kv_metadata('" + file + "') WHERE key = 'k'"))
                .containsExactly(List.of("v"));
    }

    @Test
    void selectedRowsAreWrittenAndNoOthers() throws Exception {
        Path file = write(true, 1L << 20);
        List<List<Object>> rows = fileRows(file);
        List<Integer> ids = new ArrayList<>();
        for (int from = 0; from < ROWS; from += BATCH) {
            for (int i = from; i < Math.min(ROWS, from + BATCH); i += 2) {
                ids.add(i);
            }
        }
        assertThat(rows).hasSize(ids.size());
        for (int k = 0; k < ids.size(); k++) {
            assertRow(rows.get(k), expected(ids.get(k)));
        }
    }

    @Test
    void statisticsMatchTheValuesOfEachRowGroup() throws Exception {
        Path file = write(false, 1L << 20);
        assertThat((Long) duckdb("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('" + file + "')")
                .get(0).get(0)).as("the 1 MB row group limit cuts the file").isGreaterThan(2L);
        for (String column : List.of("id", "code", "note", "price", "big", "ratio", "weight", "day", "\"at\"",
                "clock", "flag", "empty")) {
            String name = column.replace("\"", "");
            assertThat(duckdb("WITH g AS (SELECT DISTINCT row_group_id g, row_group_num_rows n FROM parquet_metadata('"
                    + file + "')), b AS (SELECT g, sum(n) OVER (ORDER BY g) - n lo, sum(n) OVER (ORDER BY g) hi FROM g), "
                    + "v AS (SELECT b.g, min(" + column + ")::VARCHAR mn, max(" + column + ")::VARCHAR mx, count(*) - count("
                    + column + ") nn FROM read_parquet('" + file + "', file_row_number = true) p JOIN b ON "
                    + "p.file_row_number >= b.lo AND p.file_row_number < b.hi GROUP BY b.g), "
                    + "m AS (SELECT row_group_id g, stats_min_value mn, stats_max_value mx, stats_null_count nn FROM "
                    + "parquet_metadata('" + file + "') WHERE path_in_schema = '" + name + "') "
                    + "SELECT m.g, m.mn, v.mn, m.mx, v.mx, m.nn, v.nn FROM m JOIN v USING (g) "
                    + "WHERE m.nn <> v.nn OR m.mn IS DISTINCT FROM v.mn OR m.mx IS DISTINCT FROM v.mx"))
                    .as(name).isEmpty();
        }
    }

    @Test
    void lowCardinalityColumnsKeepTheirDictionaryAndUniqueOnesArePlainInLimitedPages() throws Exception {
        Path file = write(false, 64L << 20);
        List<List<Object>> encodings = duckdb("SELECT path_in_schema, bool_or(encodings LIKE '%DICTIONARY%') FROM "
                + "parquet_metadata('" + file + "') WHERE path_in_schema IN ('code', 'note', 'id') GROUP BY 1 ORDER BY 1");
        assertThat(encodings).extracting(r -> r.get(0) + " " + r.get(1))
                .containsExactly("code true", "id false", "note false");
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            long rowsSeen = 0;
            int pages = 0;
            for (BlockMetaData group : reader.getFooter().getBlocks()) {
                ColumnChunkMetaData id = group.getColumns().get(0);
                org.apache.parquet.internal.column.columnindex.OffsetIndex index = reader.readOffsetIndex(id);
                List<Long> starts = new ArrayList<>();
                for (int p = 0; p < index.getPageCount(); p++) {
                    starts.add(index.getFirstRowIndex(p));
                }
                for (int p = 0; p < starts.size(); p++) {
                    long next = p + 1 < starts.size() ? starts.get(p + 1) : group.getRowCount();
                    assertThat(next - starts.get(p)).isBetween(1L, (long) ColumnPages.PAGE_ROWS);
                    pages++;
                }
                rowsSeen += group.getRowCount();
            }
            assertThat(rowsSeen).isEqualTo(ROWS);
            assertThat(reader.getFooter().getBlocks()).hasSize(1);
            assertThat(pages).isEqualTo((ROWS + ColumnPages.PAGE_ROWS - 1) / ColumnPages.PAGE_ROWS);
        }
    }

    @Test
    void parquetJavasOwnRecordReaderReadsTheSameValues() throws Exception {
        Path file = write(false, 1L << 20);
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new Codecs()).build();
        int i = 0;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long r = 0; r < pages.getRowCount(); r++, i++) {
                    Group g = records.read();
                    List<Object> row = expected(i);
                    assertThat(g.getLong("id", 0)).isEqualTo(row.get(0));
                    assertThat(value(g, "code")).isEqualTo(row.get(1));
                    assertThat(value(g, "note")).isEqualTo(row.get(2));
                    assertThat(g.getFieldRepetitionCount("at")).isEqualTo(row.get(8) == null ? 0 : 1);
                    if (row.get(8) != null) {
                        assertThat(g.getLong("at", 0)).isEqualTo(row.get(8));
                        assertThat(g.getLong("price", 0)).isEqualTo(((BigDecimal) row.get(3)).unscaledValue().longValue());
                        assertThat(g.getDouble("ratio", 0)).isEqualTo(row.get(5));
                        assertThat(g.getInteger("day", 0)).isEqualTo(row.get(7));
                    }
                    assertThat(g.getFieldRepetitionCount("empty")).isZero();
                }
            }
        }
        assertThat(i).isEqualTo(ROWS);
    }

    private static String value(Group g, String field) {
        return g.getFieldRepetitionCount(field) == 0 ? null : g.getString(field, 0);
    }
}
