package io.dativo.plugins.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.core.Pipeline;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** The data sets the Iceberg tests write, the pipelines that write them, and reading a table back. */
final class IcebergJobs {

    /** Every contract type; the optional fields are null in every seventh row. */
    static final AssetDefinition ALL_TYPES = AssetDefinition.builder("all_types").version("1").domain("lab")
            .dataProduct("types").owner("data-team@example.com").classification(List.of("internal"))
            .retentionDays(30).tags(List.of("test")).schema(List.of(
                    FieldSpec.of("id", DataType.LONG, true),
                    new FieldSpec("name", DataType.STRING, true, "PII", "a name", 0, 0),
                    FieldSpec.of("ratio", DataType.FLOAT, false),
                    FieldSpec.of("score", DataType.DOUBLE, false),
                    new FieldSpec("price", DataType.DECIMAL, false, null, null, 12, 3),
                    FieldSpec.of("active", DataType.BOOLEAN, false),
                    FieldSpec.of("born", DataType.DATE, false),
                    FieldSpec.of("seen", DataType.TIMESTAMP, false),
                    FieldSpec.of("alarm", DataType.TIME, false),
                    FieldSpec.of("blob", DataType.BINARY, false),
                    FieldSpec.of("doc", DataType.JSON, false)))
            .build();

    /** Orders: id, city, amount. */
    static final AssetDefinition ORDERS = AssetDefinition.builder("orders").version("1").domain("sales")
            .dataProduct("shop").owner("sales@example.com").schema(List.of(FieldSpec.of("id", DataType.LONG, true),
                    FieldSpec.of("city", DataType.STRING, false), FieldSpec.of("amount", DataType.LONG, false)))
            .build();

    private IcebergJobs() {
    }

    static boolean isNullRow(int i) {
        return i % 7 == 3;
    }

    static String name(int i) {
        return "name-" + i + (i % 5 == 0 ? "-ünïcødé" : "");
    }

    static float ratio(int i) {
        return i / 8f;
    }

    static double score(int i) {
        return i * 1.5 - 20;
    }

    static BigDecimal price(int i) {
        return new BigDecimal(i * 1001L).movePointLeft(3).negate().add(BigDecimal.valueOf(500)).setScale(3);
    }

    static LocalDate born(int i) {
        return LocalDate.of(1970, 1, 1).plusDays(i * 97L);
    }

    static OffsetDateTime seen(int i) {
        return OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusSeconds(i * 3607L).plusNanos(i * 1000L);
    }

    static LocalTime alarm(int i) {
        return LocalTime.ofSecondOfDay(i * 61L % 86400).plusNanos(i * 1000L);
    }

    static byte[] blob(int i) {
        return ("bytes-" + i).getBytes(StandardCharsets.UTF_8);
    }

    static String doc(int i) {
        return "{\"k\":" + i + "}";
    }

    /** {@code rows} rows of {@link #ALL_TYPES} as CSV, ids {@code from} on. */
    static Path allTypesCsv(Path file, int from, int rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id,name,ratio,score,price,active,born,seen,alarm,blob,doc\n");
            for (int i = from; i < from + rows; i++) {
                w.write(i + "," + name(i) + ",");
                if (isNullRow(i)) {
                    w.write(",,,,,,,,\n");
                    continue;
                }
                w.write(ratio(i) + "," + score(i) + "," + price(i).toPlainString() + "," + (i % 2 == 0) + ","
                        + born(i) + "," + seen(i) + "," + alarm(i) + ","
                        + Base64.getEncoder().encodeToString(blob(i)) + ",\"" + doc(i).replace("\"", "\"\"")
                        + "\"\n");
            }
        }
        return file;
    }

    /** Checks {@code r} holds the values {@link #allTypesCsv} wrote for its id, value by value. */
    static void assertAllTypes(Record r) {
        int i = ((Long) r.getField("id")).intValue();
        assertThat(r.getField("name")).isEqualTo(name(i));
        if (isNullRow(i)) {
            for (String f : List.of("ratio", "score", "price", "active", "born", "seen", "alarm", "blob", "doc")) {
                assertThat(r.getField(f)).as(f + " of row " + i).isNull();
            }
            return;
        }
        assertThat(r.getField("ratio")).isEqualTo(ratio(i));
        assertThat(r.getField("score")).isEqualTo(score(i));
        assertThat(r.getField("price")).isEqualTo(price(i));
        assertThat(r.getField("active")).isEqualTo(i % 2 == 0);
        assertThat(r.getField("born")).isEqualTo(born(i));
        assertThat(r.getField("seen")).isEqualTo(seen(i));
        assertThat(r.getField("alarm")).isEqualTo(alarm(i));
        assertThat(r.getField("blob")).isEqualTo(ByteBuffer.wrap(blob(i)));
        assertThat(r.getField("doc")).isEqualTo(doc(i));
    }

    /** Writes {@code rows} orders as CSV: ids {@code from} on, amount id * 3. */
    static Path ordersCsv(Path file, int from, int rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id,city,amount\n");
            for (int i = from; i < from + rows; i++) {
                w.write(i + ",city-" + (i % 13) + "," + (i * 3L) + "\n");
            }
        }
        return file;
    }

    static SourceConfig csv(Path file, String object) {
        return SourceConfig.ofFiles("csv", List.of(new FileSpec(file.toString(), object, null)), Map.of());
    }

    /** CSV files matching {@code glob}, read incrementally by modified time. */
    static SourceConfig incrementalCsv(String glob, String object) {
        return SourceConfig.builder("csv").files(List.of(new FileSpec(glob, object, null)))
                .incremental(new IncrementalSpec("file_modified_time", null, 0, null)).build();
    }

    static TargetConfig.Builder iceberg(Map<String, Object> catalog, Map<String, Object> connection) {
        return TargetConfig.builder("iceberg").catalog(catalog).connection(connection);
    }

    static Pipeline.Builder pipeline(String job, AssetDefinition asset, SourceConfig source, TargetConfig target,
                                     BufferAllocator allocator) {
        return Pipeline.builder().name(job).tenant("acme").asset(asset).source(source).target(target)
                .allocator(allocator);
    }

    /** A JdbcCatalog named as the target names its own, to read what the target wrote. */
    static JdbcCatalog jdbc(String uri, String warehouse, Map<String, String> storage) {
        JdbcCatalog c = new JdbcCatalog(p -> {
            StorageFileIO io = new StorageFileIO();
            io.initialize(p);
            return io;
        }, null, true);
        Map<String, String> props = new LinkedHashMap<>(storage);
        props.put("uri", uri);
        props.put("warehouse", warehouse);
        props.put("jdbc.schema-version", "V1");
        c.initialize("dativo", props);
        return c;
    }

    /** Every row of {@code table}, read by Iceberg's own scan, sorted by {@code id} where it has one. */
    static List<Record> rows(Table table) throws IOException {
        table.refresh();
        List<Record> out = new ArrayList<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
            rows.forEach(r -> out.add(r.copy()));
        }
        if (table.schema().findField("id") != null) {
            out.sort(Comparator.comparing(r -> (Long) r.getField("id")));
        }
        return out;
    }

    /** The data files the table's current snapshot lists. */
    static List<String> dataFiles(Table table) throws IOException {
        table.refresh();
        List<String> out = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(t -> out.add(t.file().location()));
        }
        return out;
    }

    /** DuckDB's {@code read_parquet} over the table's current data files, local paths. */
    static String parquetOf(List<String> files) {
        return "read_parquet([" + String.join(",", files.stream().map(f -> "'" + f + "'").toList()) + "])";
    }
}
