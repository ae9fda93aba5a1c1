package io.dativo.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceDataException;
import io.dativo.api.io.InputFile;
import io.dativo.core.storage.LocalFileIO;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parquet files written by DuckDB and by parquet-java's own writer, read into contract vectors and compared value
 * for value with what DuckDB reads from the same file.
 */
public class ParquetBatchReaderTest {

    /** Every contract type; {@code i32} is an INTEGER column read as a long, {@code absent} is not in the file. */
    static final AssetDefinition ALL = AssetDefinition.of("all_types", List.of(
            FieldSpec.of("id", DataType.LONG, true),
            FieldSpec.of("s", DataType.STRING, false),
            FieldSpec.of("cat", DataType.STRING, false),
            FieldSpec.of("l", DataType.LONG, false),
            FieldSpec.of("i32", DataType.LONG, false),
            FieldSpec.of("f", DataType.FLOAT, false),
            FieldSpec.of("d", DataType.DOUBLE, false),
            new FieldSpec("dec9", DataType.DECIMAL, false, null, null, 9, 2),
            new FieldSpec("dec10", DataType.DECIMAL, false, null, null, 10, 2),
            new FieldSpec("dec18", DataType.DECIMAL, false, null, null, 18, 4),
            new FieldSpec("dec38", DataType.DECIMAL, false, null, null, 38, 9),
            FieldSpec.of("b", DataType.BOOLEAN, false),
            FieldSpec.of("dt", DataType.DATE, false),
            FieldSpec.of("ts", DataType.TIMESTAMP, false),
            FieldSpec.of("tstz", DataType.TIMESTAMP, false),
            FieldSpec.of("tm", DataType.TIME, false),
            FieldSpec.of("bl", DataType.BINARY, false),
            FieldSpec.of("j", DataType.JSON, false),
            FieldSpec.of("tsns", DataType.TIMESTAMP, false),
            FieldSpec.of("tsms", DataType.TIMESTAMP, false),
            FieldSpec.of("absent", DataType.STRING, false)));

    /** The DuckDB query that writes {@link #ALL}'s columns (but {@code absent}) and nested ones the contract skips. */
    public static final String ALL_SELECT = """
            SELECT i AS id,
              CASE WHEN i % 7 = 0 THEN NULL ELSE 'str-' || i || CASE WHEN i % 3 = 0 THEN ' ünï' ELSE '' END END AS s,
              'cat-' || (i % 5) AS cat,
              CASE WHEN i % 11 = 0 THEN NULL ELSE i * 1000003 - 5000000000 END AS l,
              CASE WHEN i % 13 = 0 THEN NULL ELSE CAST(i * 7919 % 200000 - 100000 AS INTEGER) END AS i32,
              CASE WHEN i % 4 = 0 THEN NULL ELSE CAST(i / 7.0 AS FLOAT) END AS f,
              CASE WHEN i % 6 = 0 THEN NULL ELSE CAST(i AS DOUBLE) * 1.5 / 3.7 - 100 END AS d,
              CASE WHEN i % 10 = 0 THEN NULL
                   ELSE CAST(printf('%d.%02d', (i * 37) % 2000000 - 1000000, i % 100) AS DECIMAL(9,2)) END AS dec9,
              CAST(printf('%d.%02d', i * 1234567 % 199999998 - 99999999, i % 100) AS DECIMAL(10,2)) AS dec10,
              CAST(printf('%d.%04d', i * 1234567891 % 199999999999998 - 99999999999999, i % 10000)
                   AS DECIMAL(18,4)) AS dec18,
              CASE WHEN i % 12 = 0 THEN NULL ELSE CAST(printf('%d%015d.%09d', i * 987654321 - 3000000000000, i * 7,
                   i * 12345 % 1000000000) AS DECIMAL(38,9)) END AS dec38,
              CASE WHEN i % 17 = 0 THEN NULL ELSE i % 3 = 0 END AS b,
              CASE WHEN i % 9 = 0 THEN NULL ELSE DATE '1900-01-01' + CAST(i * 11 AS INTEGER) END AS dt,
              TIMESTAMP '1960-01-01 00:00:00' + to_microseconds(i * 123456789) AS ts,
              CASE WHEN i % 5 = 1 THEN NULL
                   ELSE CAST(TIMESTAMP '2020-01-01' + to_microseconds(i * 987654321) AS TIMESTAMPTZ) END AS tstz,
              TIME '00:00:00' + to_microseconds(i * 13000001 % 86400000000) AS tm,
              CASE WHEN i % 5 = 0 THEN NULL ELSE unhex(printf('%02x00ff%04x', i % 256, i)) END AS bl,
              CASE WHEN i % 8 = 0 THEN NULL ELSE json_object('k', i, 'v', 'x' || i) END AS j,
              make_timestamp_ns(i * 1000000007 - 3000000000000) AS tsns,
              CAST(TIMESTAMP '1960-01-01' + to_microseconds(i * 123456789) AS TIMESTAMP_MS) AS tsms,
              struct_pack(a := i, b := [i, i + 1]) AS nested,
              [i, i * 2] AS lst,
              'ignored' AS ignored
            FROM range(ROWS) t(i)""";

    /** What DuckDB reads from the file, in the form {@link #canonical} gives our vectors' values. */
    static final String ALL_EXPECTED = """
            SELECT id, s, cat, l, CAST(i32 AS BIGINT), f, d, CAST(dec9 AS VARCHAR), CAST(dec10 AS VARCHAR),
              CAST(dec18 AS VARCHAR), CAST(dec38 AS VARCHAR), b, dt - DATE '1970-01-01', epoch_us(ts), epoch_us(tstz),
              epoch_us(DATE '1970-01-01' + tm), hex(bl), CAST(j AS VARCHAR), epoch_ns(tsns), epoch_us(tsms)
            FROM read_parquet('FILE', file_row_number = true) ORDER BY file_row_number""";

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    /** The rows of a query, each value in the form {@link #canonical} gives. */
    static List<List<Object>> duckdb(String sql) throws SQLException {
        List<List<Object>> rows = DuckDb.query(sql);
        rows.forEach(row -> row.replaceAll(ParquetBatchReaderTest::canonical));
        return rows;
    }

    /** One form for values from DuckDB and from our vectors: longs, plain decimal text, upper-case hex bytes. */
    static Object canonical(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof byte[] b) {
            return HexFormat.of().withUpperCase().formatHex(b);
        }
        if (v instanceof Text t) {
            return t.toString();
        }
        if (v instanceof BigInteger b) {
            return b.longValueExact();
        }
        return v;
    }

    InputFile input(Path file) {
        return new LocalFileIO().newInputFile(file.toString());
    }

    /** Every batch of the file, as rows of canonical values of the named columns; checks the batch positions. */
    List<List<Object>> read(Path file, AssetDefinition asset, int batchSize, List<String> columns) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (ParquetBatchReader reader = new ParquetBatchReader(input(file), "in/" + file.getFileName(), "obj", asset,
                allocator, batchSize)) {
            SourceBatch batch;
            while ((batch = reader.next()) != null) {
                try (VectorSchemaRoot root = batch.root()) {
                    assertThat(root.getRowCount()).isBetween(1, batchSize);
                    assertThat(batch.position(0)).isEqualTo("in/" + file.getFileName() + ":" + (rows.size() + 1));
                    for (int r = 0; r < root.getRowCount(); r++) {
                        List<Object> row = new ArrayList<>();
                        for (String c : columns) {
                            row.add(canonical(root.getVector(c).getObject(r)));
                        }
                        rows.add(row);
                    }
                }
            }
        }
        return rows;
    }

    static final List<String> ALL_COLUMNS = ALL.schema().stream().map(FieldSpec::name)
            .filter(n -> !n.equals("absent")).toList();

    /** DuckDB's values of {@link #ALL}, with nanosecond timestamps truncated to microseconds toward the past. */
    static List<List<Object>> expectedAll(Path file) throws SQLException {
        List<List<Object>> rows = duckdb(ALL_EXPECTED.replace("FILE", file.toString()));
        int tsns = ALL_COLUMNS.indexOf("tsns");
        for (List<Object> row : rows) {
            row.set(tsns, Math.floorDiv((Long) row.get(tsns), 1000L));
        }
        return rows;
    }

    @Test
    void everyContractTypeFromThreeDuckDbRowGroupsReadsBackValueForValue() throws Exception {
        Path file = dir.resolve("all.parquet");
        DuckDb.execute("COPY (" + ALL_SELECT.replace("ROWS", "6000") + ") TO '" + file
                + "' (FORMAT parquet, ROW_GROUP_SIZE 2048)");
        List<ParquetBatchReader.RowGroup> groups = ParquetBatchReader.rowGroups(input(file));
        assertThat(groups).hasSize(3);
        assertThat(groups).extracting(ParquetBatchReader.RowGroup::rows).containsExactly(2048L, 2048L, 1904L);
        assertThat(groups).extracting(ParquetBatchReader.RowGroup::firstRow).containsExactly(0L, 2048L, 4096L);
        assertThat(groups.get(1).offset()).isEqualTo(groups.get(0).offset() + groups.get(0).bytes());

        List<List<Object>> expected = expectedAll(file);
        assertThat(expected).hasSize(6000);
        assertThat(read(file, ALL, 1000, ALL_COLUMNS)).isEqualTo(expected);
        assertThat(read(file, ALL, 8192, ALL_COLUMNS)).isEqualTo(expected);
    }

    @Test
    void vectorsHaveTheContractsArrowTypesAndMissingColumnsAreLeftOut() throws Exception {
        Path file = dir.resolve("all.parquet");
        DuckDb.execute("COPY (" + ALL_SELECT.replace("ROWS", "100") + ") TO '" + file + "' (FORMAT parquet)");
        try (ParquetBatchReader reader = new ParquetBatchReader(input(file), "all.parquet", "obj", ALL, allocator,
                1000); VectorSchemaRoot root = reader.next().root()) {
            assertThat(root.getRowCount()).isEqualTo(100);
            List<String> names = root.getFieldVectors().stream().map(FieldVector::getName).toList();
            assertThat(names).isEqualTo(ALL_COLUMNS).doesNotContain("nested", "lst", "ignored", "absent");
            for (FieldVector v : root.getFieldVectors()) {
                assertThat(v.getField().getType()).as(v.getName())
                        .isEqualTo(ALL.field(v.getName()).arrowField().getType());
            }
            assertThat(reader.next()).isNull();
        }
    }

    static Stream<Arguments> compressions() {
        return Stream.of("snappy", "zstd", "gzip", "lz4", "uncompressed").flatMap(c ->
                Stream.of(Arguments.of(c, "V1"), Arguments.of(c, "V2")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("compressions")
    void duckDbCompressionsAndPageVersions(String compression, String version) throws Exception {
        Path file = dir.resolve("c.parquet");
        String select = ALL_SELECT.replace("ROWS", "5000");
        if (version.equals("V2")) {
            // DuckDB 1.4 cannot read back the JSON column of its own V2 files; as plain text it can.
            select = select.replace("ELSE json_object('k', i, 'v', 'x' || i) END",
                    "ELSE CAST(json_object('k', i, 'v', 'x' || i) AS VARCHAR) END");
        }
        DuckDb.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet, COMPRESSION "
                + compression + ", PARQUET_VERSION " + version + ", ROW_GROUP_SIZE 2048)");
        assertThat(read(file, ALL, 777, ALL_COLUMNS)).isEqualTo(expectedAll(file));
    }

    @Test
    void anUnsupportedCodecFailsNamingFileAndColumn() throws Exception {
        Path file = dir.resolve("b.parquet");
        DuckDb.execute("COPY (SELECT i AS id FROM range(10) t(i)) TO '" + file + "' (FORMAT parquet, COMPRESSION brotli)");
        AssetDefinition ids = AssetDefinition.of("ids", List.of(FieldSpec.of("id", DataType.LONG, true)));
        assertThatThrownBy(() -> read(file, ids, 10, List.of("id"))).isInstanceOf(SourceDataException.class)
                .hasMessageContaining("b.parquet").hasMessageContaining("'id'").hasMessageContaining("BROTLI");
    }

    /** Legacy and unusual physical types, written by parquet-java's own writer. */
    static final MessageType LEGACY = MessageTypeParser.parseMessageType("""
            message legacy {
              required int32 id;
              optional int96 ts96;
              optional binary dec_bin (DECIMAL(20,3));
              optional fixed_len_byte_array(5) dec_flba (DECIMAL(10,2));
              optional int32 dec_i32 (DECIMAL(5,1));
              optional int64 dec_i64 (DECIMAL(18,0));
              optional int64 tsms (TIMESTAMP_MILLIS);
              optional int32 tm_ms (TIME_MILLIS);
              optional int64 tm_ns (TIME(NANOS,false));
              optional int64 u64 (UINT_64);
              optional int32 u32 (UINT_32);
              optional int32 i8 (INT_8);
              optional fixed_len_byte_array(16) id_uuid (UUID);
              optional binary raw;
              optional binary num_text (UTF8);
              optional group tags (LIST) { repeated group list { optional binary element (UTF8); } }
            }""");

    static final long NANOS_PER_DAY = 86_400_000_000_000L;

    /** Nanoseconds since the epoch of row {@code i}'s INT96 value: before and after 1970, with sub-microseconds. */
    static long int96Nanos(int i) {
        return (i - 500L) * 3_600_000_000_123L + i * 7L;
    }

    static BigInteger decBin(int i) {
        return BigInteger.valueOf(i - 500L).multiply(BigInteger.TEN.pow(15)).add(BigInteger.valueOf(i * 123L));
    }

    Path writeLegacy(ParquetProperties.WriterVersion version, CompressionCodecName codec, int rows) throws Exception {
        Path file = dir.resolve("legacy-" + version + ".parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(LEGACY);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration()).withType(LEGACY).withCodecFactory(new Codecs())
                .withCompressionCodec(codec).withWriterVersion(version).withRowGroupRowCountLimit(300)
                .withPageRowCountLimit(100).build()) {
            for (int i = 0; i < rows; i++) {
                Group g = groups.newGroup().append("id", i);
                if (i % 10 != 3) {
                    long nanos = int96Nanos(i);
                    g.append("ts96", new NanoTime((int) (Math.floorDiv(nanos, NANOS_PER_DAY) + 2_440_588L),
                            Math.floorMod(nanos, NANOS_PER_DAY)).toBinary());
                    g.append("dec_bin", Binary.fromConstantByteArray(decBin(i).toByteArray()));
                    byte[] flba = new byte[5];
                    byte[] v = BigInteger.valueOf((i - 500L) * 1_000_003L).toByteArray();
                    byte fill = (byte) ((i - 500L) < 0 ? -1 : 0);
                    for (int k = 0; k < 5; k++) {
                        flba[k] = k < 5 - v.length ? fill : v[k - (5 - v.length)];
                    }
                    g.append("dec_flba", Binary.fromConstantByteArray(flba));
                    g.append("dec_i32", (i - 500) * 17);
                    g.append("dec_i64", (i - 500L) * 1_000_000_007_000L);
                    g.append("tsms", (i - 500L) * 86_400_123L);
                    g.append("tm_ms", i * 86_399);
                    g.append("tm_ns", i * 86_399_999_999L + 999);
                    g.append("u64", i % 2 == 0 ? -1L - i : (long) i);
                    g.append("u32", i % 2 == 0 ? -1 - i : i);
                    g.append("i8", i % 256 - 128);
                    ByteBuffer u = ByteBuffer.allocate(16).putLong(0x1234_5678_9abc_def0L + i).putLong(-i);
                    g.append("id_uuid", Binary.fromConstantByteArray(u.array()));
                    g.append("raw", Binary.fromConstantByteArray(new byte[]{(byte) i, 0, (byte) 0xff}));
                    g.append("num_text", i % 7 == 0 ? "  " + i + " " : Integer.toString(i * 3));
                    Group tags = g.addGroup("tags");
                    tags.addGroup("list").append("element", "t" + i);
                }
                w.write(g);
            }
        }
        return file;
    }

    static final AssetDefinition LEGACY_CONTRACT = AssetDefinition.of("legacy", List.of(
            FieldSpec.of("id", DataType.LONG, true),
            FieldSpec.of("ts96", DataType.TIMESTAMP, false),
            new FieldSpec("dec_bin", DataType.DECIMAL, false, null, null, 20, 3),
            new FieldSpec("dec_flba", DataType.DECIMAL, false, null, null, 12, 4),
            new FieldSpec("dec_i32", DataType.DECIMAL, false, null, null, 5, 1),
            FieldSpec.of("dec_i64", DataType.LONG, false),
            FieldSpec.of("tsms", DataType.TIMESTAMP, false),
            FieldSpec.of("tm_ms", DataType.TIME, false),
            FieldSpec.of("tm_ns", DataType.TIME, false),
            FieldSpec.of("u64", DataType.LONG, false),
            FieldSpec.of("u32", DataType.LONG, false),
            FieldSpec.of("i8", DataType.LONG, false),
            FieldSpec.of("id_uuid", DataType.STRING, false),
            FieldSpec.of("raw", DataType.BINARY, false),
            FieldSpec.of("num_text", DataType.LONG, false)));

    static Stream<Arguments> legacyWriters() {
        return Stream.of(Arguments.of(ParquetProperties.WriterVersion.PARQUET_1_0, CompressionCodecName.SNAPPY),
                Arguments.of(ParquetProperties.WriterVersion.PARQUET_2_0, CompressionCodecName.ZSTD),
                Arguments.of(ParquetProperties.WriterVersion.PARQUET_2_0, CompressionCodecName.UNCOMPRESSED));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("legacyWriters")
    void int96LegacyDecimalsAndOtherPhysicalTypesFromParquetJava(ParquetProperties.WriterVersion version,
                                                                 CompressionCodecName codec) throws Exception {
        int rows = 1000;
        Path file = writeLegacy(version, codec, rows);
        assertThat(ParquetBatchReader.rowGroups(input(file))).hasSize(4);
        List<String> columns = LEGACY_CONTRACT.schema().stream().map(FieldSpec::name).toList();
        List<List<Object>> got = read(file, LEGACY_CONTRACT, 128, columns);
        assertThat(got).hasSize(rows);

        // DuckDB, an independent reader, agrees on the INT96 instants (to the microsecond) and the decimals.
        // DuckDB 1.4 cannot read parquet-java's DELTA_BYTE_ARRAY pages of decimals in bytes (V2 files).
        boolean v1 = version == ParquetProperties.WriterVersion.PARQUET_1_0;
        List<List<Object>> duck = duckdb("SELECT epoch_us(ts96), "
                + (v1 ? "CAST(dec_bin AS VARCHAR), CAST(dec_flba AS VARCHAR)," : "NULL, NULL,")
                + " CAST(dec_i32 AS VARCHAR), CAST(dec_i64 AS BIGINT), epoch_us(tsms), u32, i8, hex(raw)"
                + " FROM read_parquet('" + file + "', file_row_number = true) ORDER BY file_row_number");
        for (int i = 0; i < rows; i++) {
            List<Object> row = got.get(i);
            List<Object> d = duck.get(i);
            assertThat(row.get(0)).isEqualTo((long) i);
            if (i % 10 == 3) {
                assertThat(row.subList(1, row.size())).as("row " + i).containsOnlyNulls();
                continue;
            }
            long micros = Math.floorDiv(int96Nanos(i), 1000L);
            assertThat(row.get(1)).as("ts96 row " + i).isEqualTo(micros);
            assertThat(d.get(0)).as("DuckDB's ts96 row " + i).isEqualTo(micros);
            assertThat(row.get(2)).isEqualTo(new BigDecimal(decBin(i), 3).toPlainString());
            if (v1) {
                assertThat(row.get(2)).isEqualTo(d.get(1));
            }
            assertThat(row.get(3)).as("decimal(10,2) read into decimal(12,4)")
                    .isEqualTo(BigDecimal.valueOf((i - 500L) * 1_000_003L, 2).setScale(4).toPlainString());
            if (d.get(2) != null) {
                assertThat(new BigDecimal((String) row.get(3))).isEqualByComparingTo(new BigDecimal((String) d.get(2)));
            }
            assertThat(row.get(4)).isEqualTo(BigDecimal.valueOf((i - 500L) * 17, 1).toPlainString())
                    .isEqualTo(d.get(3));
            assertThat(row.get(5)).isEqualTo((i - 500L) * 1_000_000_007_000L).isEqualTo(d.get(4));
            assertThat(row.get(6)).isEqualTo((i - 500L) * 86_400_123_000L).isEqualTo(d.get(5));
            assertThat(row.get(7)).isEqualTo(i * 86_399_000L);
            assertThat(row.get(8)).as("nanoseconds truncated").isEqualTo((i * 86_399_999_999L + 999) / 1000);
            assertThat(row.get(9)).as("UINT_64 as text, checked by the validator")
                    .isEqualTo(Long.toUnsignedString(i % 2 == 0 ? -1L - i : i));
            assertThat(row.get(10)).isEqualTo(Integer.toUnsignedLong(i % 2 == 0 ? -1 - i : i)).isEqualTo(d.get(6));
            assertThat(row.get(11)).isEqualTo((long) (i % 256 - 128)).isEqualTo(d.get(7));
            assertThat(row.get(12)).isEqualTo(new UUID(0x1234_5678_9abc_def0L + i, -i).toString());
            assertThat(row.get(13)).isEqualTo(d.get(8));
            assertThat(row.get(14)).as("text where the contract says integer stays text for the validator")
                    .isEqualTo(i % 7 == 0 ? "  " + i + " " : Integer.toString(i * 3));
        }
    }

    @Test
    void conversionsThatMightNotFitBecomeTextForTheValidator() throws Exception {
        Path file = writeLegacy(ParquetProperties.WriterVersion.PARQUET_1_0, CompressionCodecName.SNAPPY, 20);
        try (ParquetBatchReader reader = new ParquetBatchReader(input(file), "legacy.parquet", "obj",
                LEGACY_CONTRACT, allocator, 100); VectorSchemaRoot root = reader.next().root()) {
            assertThat(root.getVector("u64")).isInstanceOf(VarCharVector.class);
            assertThat(root.getVector("num_text")).isInstanceOf(VarCharVector.class);
            assertThat(root.getVector("u32").getField().getType())
                    .isEqualTo(LEGACY_CONTRACT.field("u32").arrowField().getType());
        }
    }

    @Test
    void aRowGroupRangeReadsOnlyThoseRows() throws Exception {
        Path file = writeLegacy(ParquetProperties.WriterVersion.PARQUET_1_0, CompressionCodecName.GZIP, 1000);
        AssetDefinition ids = AssetDefinition.of("ids", List.of(FieldSpec.of("id", DataType.LONG, true)));
        List<Long> seen = new ArrayList<>();
        try (ParquetBatchReader reader = new ParquetBatchReader(input(file), "legacy.parquet", "obj", ids, allocator,
                64, 1, 3)) {
            SourceBatch batch;
            while ((batch = reader.next()) != null) {
                try (VectorSchemaRoot root = batch.root()) {
                    assertThat(batch.position(0)).isEqualTo("legacy.parquet:" + (301 + seen.size()));
                    for (int r = 0; r < root.getRowCount(); r++) {
                        seen.add((Long) root.getVector("id").getObject(r));
                    }
                }
            }
        }
        assertThat(seen).hasSize(600).startsWith(300L).endsWith(899L);
    }

    @Test
    void aNestedColumnTheContractNamesFailsNamingFileAndColumn() throws Exception {
        Path file = writeLegacy(ParquetProperties.WriterVersion.PARQUET_1_0, CompressionCodecName.SNAPPY, 10);
        AssetDefinition nested = AssetDefinition.of("n", List.of(FieldSpec.of("tags", DataType.STRING, false)));
        assertThatThrownBy(() -> new ParquetBatchReader(input(file), "in/legacy.parquet", "obj", nested, allocator,
                10)).isInstanceOf(SourceDataException.class).hasMessageContaining("in/legacy.parquet")
                .hasMessageContaining("'tags'").hasMessageContaining("nested");
    }

    @Test
    void notAParquetFileFailsClearly() throws Exception {
        Path file = dir.resolve("x.parquet");
        java.nio.file.Files.writeString(file, "id\n1\n2\n3\n4\n5\n6\n");
        assertThatThrownBy(() -> ParquetBatchReader.rowGroups(input(file))).isInstanceOf(SourceDataException.class)
                .hasMessageContaining("not a Parquet file");
    }

    @Test
    void fieldsOfASchemaForDiscovery() throws Exception {
        Path file = dir.resolve("all.parquet");
        DuckDb.execute("COPY (" + ALL_SELECT.replace("ROWS", "10") + ") TO '" + file + "' (FORMAT parquet)");
        List<FieldSpec> fields = ParquetBatchReader.fieldsOf(ParquetBatchReader.schema(input(file)));
        Map<String, DataType> types = new java.util.LinkedHashMap<>();
        fields.forEach(f -> types.put(f.name(), f.type()));
        assertThat(types).containsEntry("i32", DataType.LONG).containsEntry("dec38", DataType.DECIMAL)
                .containsEntry("tsns", DataType.TIMESTAMP).containsEntry("j", DataType.JSON)
                .containsEntry("bl", DataType.BINARY).containsEntry("s", DataType.STRING).doesNotContainKeys("nested", "lst");
    }
}
