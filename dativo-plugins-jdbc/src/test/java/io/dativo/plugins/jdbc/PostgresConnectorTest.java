package io.dativo.plugins.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.StateKey;
import io.dativo.api.StateRecord;
import io.dativo.api.StateStore;
import io.dativo.api.TableSpec;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteMode;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.testkit.PostgresServer;
import io.dativo.core.config.JobLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL source and target against a real embedded server. */
class PostgresConnectorTest {

    static final String PASSWORD = "s3cret-Pw-917";
    static PostgresServer server;
    static int port;

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
        port = server.port();
        sql("CREATE ROLE dativo LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static void sql(String... statements) throws Exception {
        server.sql(statements);
    }

    static List<List<Object>> query(String q) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
            List<List<Object>> out = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    static Map<String, Object> connection() {
        return Map.of("host", "127.0.0.1", "port", port, "database", "postgres");
    }

    static Map<String, Object> credentials() {
        return Map.of("username", "dativo", "password", PASSWORD);
    }

    static SourceConfig.Builder source(String... tables) {
        return SourceConfig.builder("postgres").connection(connection()).credentials(credentials())
                .tables(java.util.Arrays.stream(tables).map(t -> new TableSpec(t, null, null)).toList())
                .engineOptions(Map.of("batch_size", 100));
    }

    Pipeline.Builder toParquet(String name, AssetDefinition asset, SourceConfig source, StateStore store) {
        return Pipeline.builder().name(name).tenant("acme").asset(asset).source(source)
                .target(TargetConfig.local(dir.resolve("out").toString(), "parquet", List.of()))
                .stateStore(store == null ? new InMemoryStateStore() : store).allocator(allocator);
    }

    String parquet(String asset) {
        return DuckDb.parquet(dir.resolve("out").toString() + "/**/*.parquet");
    }

    static final AssetDefinition TYPES = AssetDefinition.of("types", List.of(
            FieldSpec.of("id", DataType.LONG, true),
            FieldSpec.of("small", DataType.LONG, false),
            FieldSpec.of("big", DataType.LONG, false),
            new FieldSpec("amount", DataType.DECIMAL, false, null, null, 38, 10),
            new FieldSpec("loose", DataType.DECIMAL, false, null, null, 38, 4),
            FieldSpec.of("r", DataType.FLOAT, false),
            FieldSpec.of("d", DataType.DOUBLE, false),
            FieldSpec.of("flag", DataType.BOOLEAN, false),
            FieldSpec.of("name", DataType.STRING, false),
            FieldSpec.of("code", DataType.STRING, false),
            FieldSpec.of("day", DataType.DATE, false),
            FieldSpec.of("at", DataType.TIMESTAMP, false),
            FieldSpec.of("at_tz", DataType.TIMESTAMP, false),
            FieldSpec.of("clock", DataType.TIME, false),
            FieldSpec.of("raw", DataType.BINARY, false),
            FieldSpec.of("uid", DataType.STRING, false),
            FieldSpec.of("doc", DataType.JSON, false),
            FieldSpec.of("mood", DataType.STRING, false),
            FieldSpec.of("tags", DataType.STRING, false)));

    @Test
    void everyTypeIsReadIntoParquetValueForValue() throws Exception {
        sql("CREATE TYPE mood AS ENUM ('sad', 'happy')",
                "CREATE TABLE types (id int PRIMARY KEY, small smallint, big bigint, amount numeric(38,10), "
                        + "loose numeric, r real, d double precision, flag boolean, name text, code char(3), "
                        + "day date, at timestamp, at_tz timestamptz, clock time, raw bytea, uid uuid, doc jsonb, "
                        + "mood mood, tags text[])",
                "INSERT INTO types VALUES (1, -32768, -9223372036854775808, 1234567890123456789012345678.0123456789,"
                        + " 12.5, 1.5, -2.25, true, 'Zoë 東京 🚀', 'abc', '1901-02-03', '2101-12-31 23:59:59.123456',"
                        + " '2024-06-01 12:00:00+02', '23:59:59.999999', '\\x00ff10', "
                        + "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"k\": [1, 2]}', 'happy', '{\"a\",\"b c\"}')",
                "INSERT INTO types (id, small, big) VALUES (2, 32767, 9223372036854775807)",
                "INSERT INTO types (id) VALUES (3)");
        RunResult r = toParquet("types_job", TYPES, source("types").build(), new InMemoryStateStore()).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        List<List<Object>> rows = DuckDb.query("SELECT id, small, big, CAST(amount AS VARCHAR), "
                + "CAST(loose AS VARCHAR), r, d, flag, name, code, CAST(day AS VARCHAR), CAST(\"at\" AS VARCHAR), "
                + "CAST(at_tz AS VARCHAR), CAST(clock AS VARCHAR), hex(raw), uid, CAST(doc AS VARCHAR), mood, tags FROM "
                + parquet("types") + " ORDER BY id");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly(1L, -32768L, Long.MIN_VALUE,
                "1234567890123456789012345678.0123456789", "12.5000", 1.5f, -2.25, true, "Zoë 東京 🚀", "abc",
                "1901-02-03", "2101-12-31 23:59:59.123456+00", "2024-06-01 10:00:00+00", "23:59:59.999999",
                "00FF10", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{\"k\": [1, 2]}", "happy", "[\"a\",\"b c\"]");
        assertThat(rows.get(1).subList(0, 3)).containsExactly(2L, 32767L, Long.MAX_VALUE);
        assertThat(rows.get(2).subList(1, 19)).allMatch(v -> v == null);
    }

    @Test
    void aValueThatDoesNotFitTheContractsDecimalIsAnErrorNamingTheColumn() throws Exception {
        sql("CREATE TABLE wide (id int, loose numeric)", "INSERT INTO wide VALUES (1, 1.123456789)");
        AssetDefinition asset = AssetDefinition.of("wide", List.of(FieldSpec.of("id", DataType.LONG, true),
                new FieldSpec("loose", DataType.DECIMAL, false, null, null, 38, 2)));
        RunResult r = toParquet("wide_job", asset, source("wide").build(), null).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("table wide column loose").contains("1.123456789");
    }

    static final AssetDefinition EVENTS = AssetDefinition.of("events", List.of(
            FieldSpec.of("id", DataType.LONG, true).withPrimaryKey(true),
            FieldSpec.of("v", DataType.STRING, false),
            FieldSpec.of("updated_at", DataType.TIMESTAMP, false)));

    @Test
    void incrementalRunsReadEachRowOnceAcrossTiesAtTheBoundary() throws Exception {
        sql("CREATE TABLE events (id int, v text, updated_at timestamp)",
                "INSERT INTO events SELECT g, 'a' || g, TIMESTAMP '2024-01-01' + (g / 10) * INTERVAL '1 hour' "
                        + "FROM generate_series(1, 95) g");
        InMemoryStateStore store = new InMemoryStateStore();
        SourceConfig src = source("events").incremental(new IncrementalSpec("updated_at", "updated_at", 0, null))
                .build();
        assertThat(toParquet("ev", EVENTS, src, store).build().run().recordsRead()).isEqualTo(95);
        // more rows with the boundary value of the last run, and later ones
        sql("INSERT INTO events SELECT g, 'b' || g, TIMESTAMP '2024-01-01' + INTERVAL '9 hour' "
                + "FROM generate_series(96, 99) g", "INSERT INTO events VALUES (100, 'c', '2024-01-01 10:00')");
        RunResult second = toParquet("ev", EVENTS, src, store).build().run();
        assertThat(second.recordsRead()).as("rows sharing the boundary value already read are not read again: "
                + "strict >").isEqualTo(1);
        sql("INSERT INTO events SELECT g, 'd', TIMESTAMP '2024-01-01 10:00' FROM generate_series(101, 103) g",
                "INSERT INTO events SELECT g, 'e', TIMESTAMP '2024-01-01 11:00' FROM generate_series(104, 110) g");
        assertThat(toParquet("ev", EVENTS, src, store).build().run().recordsRead()).isEqualTo(7);
        assertThat(toParquet("ev", EVENTS, src, store).build().run().recordsRead()).isZero();
        List<List<Object>> out = DuckDb.query("SELECT count(*), count(DISTINCT id) FROM " + parquet("events"));
        assertThat(out.get(0)).as("the late rows with the old boundary value (96-99, 101-103) are missed: "
                + "the documented limit of a cursor").containsExactly(103L, 103L);
        assertThat(store.load(new StateKey("acme", "ev", "events")).orElseThrow().values())
                .containsEntry("cursor", "2024-01-01T11:00");
    }

    @Test
    void parallelRangeSplitsReadExactlyTheRowsOfAWholeRead() throws Exception {
        sql("CREATE TABLE skew (id bigint, v text, updated_at timestamp)",
                "INSERT INTO skew SELECT g, 'x', now() FROM generate_series(1, 1000) g",
                "INSERT INTO skew SELECT g, 'y', now() FROM generate_series(1000000, 1000020) g",
                "INSERT INTO skew VALUES (NULL, 'null id', now()), (-5, 'negative', now())");
        AssetDefinition asset = AssetDefinition.of("skew", List.of(FieldSpec.of("id", DataType.LONG, false),
                FieldSpec.of("v", DataType.STRING, false)));
        SourceConfig src = source("skew").engineOptions(Map.of("batch_size", 100, "partition_column", "id",
                "partitions", 4)).build();
        RunResult r = toParquet("skew_job", asset, src, null).parallelism(2).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(DuckDb.query("SELECT count(*), count(DISTINCT id), sum(id), count(*) FILTER (WHERE id IS NULL) "
                + "FROM " + parquet("skew")).get(0).stream().map(o -> o instanceof Number n ? n.longValue() : o)
                .toList()).isEqualTo(query("SELECT count(*), count(DISTINCT id), "
                + "sum(id), count(*) FILTER (WHERE id IS NULL) FROM skew").get(0).stream()
                .map(o -> o instanceof Number n ? n.longValue() : o).toList());
    }

    Pipeline.Builder toTable(String job, AssetDefinition asset, SourceConfig source, WriteMode mode, StateStore s) {
        return Pipeline.builder().name(job).tenant("acme").asset(asset).source(source)
                .target(TargetConfig.builder("postgres").connection(Map.of("host", "127.0.0.1", "port", port,
                        "database", "postgres", "table", "copy_" + asset.name())).credentials(credentials())
                        .writeMode(mode).build())
                .stateStore(s == null ? new InMemoryStateStore() : s).allocator(allocator)
                .parallelism(2);
    }

    @Test
    void targetAppendOverwriteAndMergeEachCommitExactlyOnce() throws Exception {
        sql("CREATE TABLE items (id int, v text, updated_at timestamp)",
                "INSERT INTO items SELECT g, 'v' || g, now() FROM generate_series(1, 500) g");
        AssetDefinition items = AssetDefinition.of("items", List.of(
                FieldSpec.of("id", DataType.LONG, true).withPrimaryKey(true), FieldSpec.of("v", DataType.STRING,
                        false)));
        SourceConfig src = source("items").engineOptions(Map.of("batch_size", 100, "partition_column", "id",
                "partitions", 3)).build();
        assertThat(toTable("j", items, src, WriteMode.APPEND, null).build().run().status())
                .isEqualTo(RunStatus.SUCCEEDED);
        toTable("j", items, src, WriteMode.APPEND, null).build().run();
        assertThat(query("SELECT count(*), count(DISTINCT id) FROM copy_items").get(0))
                .containsExactly(1000L, 500L);
        toTable("j", items, src, WriteMode.OVERWRITE, null).build().run();
        assertThat(query("SELECT count(*), count(DISTINCT id) FROM copy_items").get(0)).containsExactly(500L, 500L);
        sql("UPDATE items SET v = 'changed' WHERE id <= 10", "INSERT INTO items VALUES (501, 'new', now())");
        sql("DROP TABLE copy_items");
        toTable("j", items, src, WriteMode.MERGE, null).build().run();
        sql("UPDATE items SET v = 'again' WHERE id <= 5");
        RunResult merged = toTable("j", items, src, WriteMode.MERGE, null).build().run();
        assertThat(merged.status()).as(merged.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(query("SELECT count(*), count(*) FILTER (WHERE v = 'again'), count(*) FILTER (WHERE v = "
                + "'changed') FROM copy_items").get(0)).containsExactly(501L, 5L, 5L);
        assertThat(query("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'dativo_stg_%'").get(0))
                .as("no staging table is left").containsExactly(0L);
    }

    /** A store that fails the first save, as if the process died between the commit and the state save. */
    static final class FailingOnceStore implements StateStore {
        final InMemoryStateStore inner = new InMemoryStateStore();
        final AtomicInteger saves = new AtomicInteger();

        public Optional<StateRecord> load(StateKey key) {
            return inner.load(key);
        }

        public void save(List<StateRecord> records) {
            if (!records.isEmpty() && saves.incrementAndGet() == 1) {
                throw new IllegalStateException("state store unreachable");
            }
            inner.save(records);
        }

        public List<StateRecord> list(String tenantId, String job) {
            return inner.list(tenantId, job);
        }

        public void delete(StateKey key) {
            inner.delete(key);
        }
    }

    @Test
    void aCrashBetweenCommitAndStateSaveIsRepairedFromTheCommitTable() throws Exception {
        sql("CREATE TABLE orders (id int, v text, updated_at timestamp)",
                "INSERT INTO orders SELECT g, 'o', TIMESTAMP '2024-01-01' + g * INTERVAL '1 minute' "
                        + "FROM generate_series(1, 300) g");
        AssetDefinition orders = AssetDefinition.of("orders", List.of(FieldSpec.of("id", DataType.LONG, true),
                FieldSpec.of("v", DataType.STRING, false), FieldSpec.of("updated_at", DataType.TIMESTAMP, false)));
        SourceConfig src = source("orders").incremental(new IncrementalSpec("updated_at", "updated_at", 0, null))
                .build();
        FailingOnceStore store = new FailingOnceStore();
        RunResult first = toTable("orders_job", orders, src, WriteMode.APPEND, store).build().run();
        assertThat(first.warnings()).anyMatch(w -> w.contains("state was not saved"));
        assertThat(store.inner.list("acme", "orders_job")).isEmpty();
        sql("INSERT INTO orders VALUES (301, 'late', '2024-02-01')");
        RunResult second = toTable("orders_job", orders, src, WriteMode.APPEND, store.inner).build().run();
        assertThat(second.status()).as(second.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.recordsRead()).as("the state was repaired from dativo_commits").isEqualTo(1);
        assertThat(query("SELECT count(*), count(DISTINCT id) FROM copy_orders").get(0))
                .containsExactly(301L, 301L);
        assertThat(query("SELECT count(*) FROM dativo_commits WHERE job = 'orders_job'").get(0))
                .containsExactly(2L);
        assertThat(query("SELECT state FROM dativo_commits").toString()).doesNotContain(PASSWORD);
    }

    @Test
    void theReferenceRecipeWorksUnchangedWithAJobThatGivesAUrlWhilePgHostIsUnset() throws Exception {
        sql("CREATE TABLE recipe_rows (id int, updated_at timestamp)",
                "INSERT INTO recipe_rows SELECT g, now() FROM generate_series(1, 42) g");
        Path recipe = Path.of(System.getProperty("dativo.reference.dir", "../../shared/reference"),
                "connectors/postgres.yaml").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(recipe), () -> "no reference recipe at " + recipe);
        Files.writeString(dir.resolve("rows.yaml"), "name: recipe_rows\nversion: \"1.0\"\ndomain: d\n"
                + "schema:\n  - {name: id, type: integer, required: true}\n  - {name: updated_at, type: timestamp}\n");
        Files.writeString(dir.resolve("job.yaml"), "tenant_id: acme\nname: recipe_job\n"
                + "source_connector: postgres\nsource_connector_path: " + recipe + "\n"
                + "target_connector: local\nasset_path: rows.yaml\n"
                + "source:\n  connection: {url: \"jdbc:postgresql://127.0.0.1:" + port + "/postgres\"}\n"
                + "  credentials: {username: dativo, password: \"" + PASSWORD + "\"}\n"
                + "  tables: [{name: recipe_rows}]\n  incremental: {strategy: updated_at}\n"
                + "target:\n  connection: {path: out}\n");
        RunResult r = Pipeline.fromYaml(dir.resolve("job.yaml"), new JobLoader().withBaseDir(dir)
                .withSecretSource(n -> Optional.empty())).withStateStore(new InMemoryStateStore())
                .withAllocator(allocator).run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.recordsRead()).isEqualTo(42);
        assertThat(r.stateAfter().get("recipe_rows")).as("the recipe's cursor_field_default is the cursor")
                .containsEntry("cursor_field", "updated_at");
        assertThat(r.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void aDeadDatabaseIsAClearErrorNamingHostAndDatabaseButNotThePassword() throws Exception {
        SourceConfig dead = SourceConfig.builder("postgres").connection(Map.of("host", "127.0.0.1", "port", 1,
                "database", "nowhere", "connectTimeout", 2)).credentials(credentials())
                .tables(List.of(new TableSpec("t", null, null))).build();
        RunResult r = toParquet("dead", EVENTS, dead, null).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("127.0.0.1:1/nowhere").contains("host unreachable").doesNotContain(PASSWORD);
        // the embedded server trusts local connections, so an unknown role is what fails authentication here
        SourceConfig wrong = source("events").credentials(Map.of("username", "intruder", "password", PASSWORD))
                .build();
        RunResult auth = toParquet("auth", EVENTS, wrong, null).build().run();
        assertThat(auth.error()).contains("authentication failed").doesNotContain(PASSWORD);
        assertThat(auth.toString()).doesNotContain(PASSWORD);
        JdbcReader reader = new JdbcReader();
        reader.open(source("t").connection(Map.of("host", "127.0.0.1", "port", port, "database", "missing_db"))
                .build());
        assertThat(reader.checkConnection().errorCode()).isEqualTo("DATABASE_MISSING");
        assertThat(reader.checkConnection().message()).doesNotContain(PASSWORD);
    }
}
