package io.dativo.plugins.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.config.ContractWriter;
import io.dativo.core.config.JobLoader;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sakila sample database, loaded into MariaDB from the scripts of the shared reference files (its triggers and
 * routines are {@code DELIMITER} blocks, see {@link SqlScript}), and every one of its tables copied to Parquet by a
 * job whose contract discovery wrote; the Parquet, read back by DuckDB, holds the rows MariaDB holds, value for value,
 * YEAR, ENUM, SET, geometry, blobs, decimals and timestamps included. The scripts are not part of this repository:
 * without the reference files the class is skipped, saying where it looked.
 */
class SakilaTest {

    static final Path SAKILA = Path.of(System.getProperty("dativo.reference.dir", "../../shared/reference"))
            .resolve("tests/fixtures/seeds/test_db/sakila");
    /** Sakila's tables and their rows, as the sample database documents them. */
    static final Map<String, Long> TABLES = new TreeMap<>(Map.ofEntries(Map.entry("actor", 200L),
            Map.entry("address", 603L), Map.entry("category", 16L), Map.entry("city", 600L),
            Map.entry("country", 109L), Map.entry("customer", 599L), Map.entry("film", 1000L),
            Map.entry("film_actor", 5462L), Map.entry("film_category", 1000L), Map.entry("film_text", 1000L),
            Map.entry("inventory", 4581L), Map.entry("language", 6L), Map.entry("payment", 16049L),
            Map.entry("rental", 16044L), Map.entry("staff", 2L), Map.entry("store", 2L)));
    static final String NULL = "\u2400";

    static int port;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        assumeTrue(Files.isRegularFile(SAKILA.resolve("sakila-mv-schema.sql")), "the sakila scripts are not in "
                + SAKILA.toAbsolutePath() + " (the shared reference files, set -Ddativo.reference.dir)");
        port = MariaDbServer.port();
        try (Connection c = MariaDbServer.connect("")) {
            for (String script : List.of("sakila-mv-schema.sql", "sakila-mv-data.sql")) {
                SqlScript.run(c, Files.readString(SAKILA.resolve(script), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void theScriptsRoutinesTriggersAndViewsAreLoaded() throws Exception {
        try (Connection c = MariaDbServer.connect("sakila"); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT count(*) FROM information_schema.routines WHERE routine_schema = "
                    + "'sakila'")).isEqualTo("6");
            assertThat(single(s, "SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = "
                    + "'sakila'")).isEqualTo("6");
            assertThat(single(s, "SELECT count(*) FROM information_schema.views WHERE table_schema = 'sakila'"))
                    .isEqualTo("7");
            assertThat(single(s, "SELECT get_customer_balance(1, NOW())")).isNotNull();
        }
    }

    @Test
    void everyTableIsCopiedToParquetByADiscoveredContractValueForValue() throws Exception {
        Map<String, DiscoveredObject> found = discover().stream()
                .collect(Collectors.toMap(DiscoveredObject::name, Function.identity()));
        assertThat(found).containsKeys(TABLES.keySet().toArray(String[]::new)).containsKey("film_list");
        assertThat(field(found, "film", "release_year").type()).isEqualTo(DataType.LONG);
        assertThat(field(found, "film", "rating").type()).isEqualTo(DataType.STRING);
        assertThat(field(found, "film", "special_features").type()).isEqualTo(DataType.STRING);
        assertThat(field(found, "film", "rental_rate")).extracting(FieldSpec::type, FieldSpec::precision,
                FieldSpec::scale, FieldSpec::required).containsExactly(DataType.DECIMAL, 4, 2, true);
        assertThat(field(found, "address", "location").type()).isEqualTo(DataType.BINARY);
        assertThat(field(found, "address", "address2").required()).isFalse();
        assertThat(field(found, "staff", "picture").type()).isEqualTo(DataType.BINARY);
        assertThat(field(found, "customer", "active").type()).isEqualTo(DataType.BOOLEAN);
        assertThat(field(found, "payment", "payment_date").type()).isEqualTo(DataType.TIMESTAMP);
        assertThat(field(found, "film_actor", "actor_id").primaryKey()).isTrue();

        try (LeakCheckedAllocator allocator = new LeakCheckedAllocator()) {
            for (String table : TABLES.keySet()) {
                copy(table, found.get(table), allocator);
            }
        }
        assertThat(parquet("address", "hex(location)", "address_id = 1"))
                .as("standard WKB of a point, without MariaDB's SRID prefix")
                .isEqualTo("01010000003E0A325D63345CC0761FDB8D99D94840");
        assertThat(parquet("film", "release_year || ' ' || rating || ' ' || special_features", "film_id = 1"))
                .isEqualTo("2006 PG Deleted Scenes,Behind the Scenes");
        assertThat(parquet("staff", "substr(hex(picture), 1, 8)", "staff_id = 1")).isEqualTo("89504E47");
    }

    private void copy(String table, DiscoveredObject object, LeakCheckedAllocator allocator) throws Exception {
        Files.writeString(dir.resolve(table + ".yaml"), ContractWriter.yaml(object));
        Files.writeString(dir.resolve(table + "_job.yaml"), "tenant_id: acme\nname: sakila_" + table + "\n"
                + "source_connector: mariadb\ntarget_connector: local\nasset_path: " + table + ".yaml\n"
                + "source:\n  connection: {host: 127.0.0.1, port: " + port + ", database: sakila, sslMode: disable}\n"
                + "  credentials: {username: root}\n  tables: [{name: " + table + "}]\n"
                + "target:\n  connection: {path: out/" + table + "}\n");
        RunResult r = Pipeline.fromYaml(dir.resolve(table + "_job.yaml"), new JobLoader().withBaseDir(dir)
                .withSecretSource(n -> Optional.empty())).withStateStore(new InMemoryStateStore())
                .withAllocator(allocator).run();
        assertThat(r.status()).as(table + ": " + r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.recordsWritten()).as(table).isEqualTo(TABLES.get(table));

        List<String> maria = new ArrayList<>();
        List<String> duck = new ArrayList<>();
        for (FieldSpec f : object.fields()) {
            maria.add(mariaText(f, geometry(table, f.name())));
            duck.add(duckText(f));
        }
        List<String> expected = mariaRows("SELECT " + String.join(", ", maria) + " FROM `" + table + "`");
        List<String> actual = rows(DuckDb.query("SELECT " + String.join(", ", duck) + " FROM "
                + DuckDb.parquet(dir.resolve("out").resolve(table) + "/**/*.parquet")));
        assertThat(actual).as(table + " rows").hasSize(TABLES.get(table).intValue()).hasSameSizeAs(expected);
        expected.sort(null);
        actual.sort(null);
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                fail(table + ": MariaDB has row " + expected.get(i).replace('\u0001', '|') + " where the Parquet "
                        + "has " + actual.get(i).replace('\u0001', '|'));
            }
        }
    }

    /** A column as text in MariaDB, in the form DuckDB prints the Parquet value in ({@link #duckText}). */
    private static String mariaText(FieldSpec f, boolean geometry) {
        String c = "`" + f.name() + "`";
        return switch (f.type()) {
            case BOOLEAN -> "CASE WHEN " + c + " THEN 'true' WHEN NOT " + c + " THEN 'false' END";
            case TIMESTAMP -> "DATE_FORMAT(" + c + ", '%Y-%m-%d %H:%i:%s.%f')";
            case BINARY -> geometry ? "HEX(ST_AsBinary(" + c + "))" : "HEX(" + c + ")";
            default -> "CAST(" + c + " AS CHAR)";
        };
    }

    private static String duckText(FieldSpec f) {
        String c = "\"" + f.name() + "\"";
        return switch (f.type()) {
            case TIMESTAMP -> "strftime(timezone('UTC', " + c + "), '%Y-%m-%d %H:%M:%S.%f')";
            case BINARY -> "hex(" + c + ")";
            default -> "CAST(" + c + " AS VARCHAR)";
        };
    }

    private static boolean geometry(String table, String column) throws Exception {
        try (Connection c = MariaDbServer.connect("sakila"); Statement s = c.createStatement()) {
            return "geometry".equals(single(s, "SELECT data_type FROM information_schema.columns WHERE table_schema "
                    + "= 'sakila' AND table_name = '" + table + "' AND column_name = '" + column + "'"));
        }
    }

    private static List<String> mariaRows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        for (List<String> row : MariaDbServer.rows("sakila", sql)) {
            out.add(row.stream().map(v -> v == null ? NULL : v).collect(Collectors.joining("\u0001")));
        }
        return out;
    }

    private static List<String> rows(List<List<Object>> rows) {
        List<String> out = new ArrayList<>();
        for (List<Object> row : rows) {
            out.add(row.stream().map(v -> v == null ? NULL : v.toString()).collect(Collectors.joining("\u0001")));
        }
        return out;
    }

    private String parquet(String table, String expression, String where) throws Exception {
        return String.valueOf(DuckDb.query("SELECT " + expression + " FROM " + DuckDb.parquet(dir.resolve("out")
                .resolve(table) + "/**/*.parquet") + " WHERE " + where).get(0).get(0));
    }

    private List<DiscoveredObject> discover() {
        return Pipeline.builder().name("sakila_discover").tenant("acme")
                .asset(AssetDefinition.of("discover", List.of()))
                .source(SourceConfig.builder("mariadb").connection(Map.of("host", "127.0.0.1", "port", port,
                        "database", "sakila", "sslMode", "disable")).credentials(Map.of("username", "root")).build())
                .target(TargetConfig.local(dir.resolve("unused").toString(), "parquet", List.of())).build()
                .discover();
    }

    private static FieldSpec field(Map<String, DiscoveredObject> found, String table, String column) {
        return found.get(table).fields().stream().filter(f -> f.name().equals(column)).findFirst().orElseThrow();
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
