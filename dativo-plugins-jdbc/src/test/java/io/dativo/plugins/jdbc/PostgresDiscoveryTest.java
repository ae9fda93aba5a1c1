package io.dativo.plugins.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.dativo.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A contract written from what discovery finds in a PostgreSQL table (types, nullability, decimal precision and
 * scale, primary key) loads, and runs in jobs that copy the table to Parquet and merge it into another table.
 */
class PostgresDiscoveryTest {

    static PostgresServer server;
    static int port;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
        port = server.port();
        server.sql("CREATE SCHEMA sales",
                "CREATE TABLE sales.orders (id int PRIMARY KEY, qty bigint NOT NULL, price numeric(12,3), "
                        + "note text, code varchar(10) NOT NULL, paid boolean, day date, at timestamp, "
                        + "at_tz timestamptz, clock time, raw bytea, ref uuid, doc jsonb, tags int[], r real, "
                        + "d double precision, \"Odd Name\" text)",
                "INSERT INTO sales.orders SELECT g, g * 10, g / 8.0, 'note ' || g, 'c' || g, g % 2 = 0, "
                        + "DATE '1969-12-31' + g, TIMESTAMP '2024-01-01 00:00:00' + g * INTERVAL '1 minute', "
                        + "TIMESTAMPTZ '2024-01-01 00:00:00+02' + g * INTERVAL '1 second', TIME '10:00' + g * "
                        + "INTERVAL '1 second', decode(lpad(to_hex(g), 4, '0'), 'hex'), md5(g::text)::uuid, "
                        + "jsonb_build_object('g', g), ARRAY[g, g + 1], g / 4.0, g / 3.0, 'odd ' || g "
                        + "FROM generate_series(1, 500) g",
                "INSERT INTO sales.orders (id, qty, code) VALUES (0, 0, 'nulls')");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aDiscoveredContractLoadsAndCopiesTheTable() throws Exception {
        DiscoveredObject orders = Pipeline.builder().name("discover").tenant("acme")
                .asset(AssetDefinition.of("discover", List.of())).source(SourceConfig.builder("postgres")
                        .connection(connection()).credentials(Map.of("username", "postgres")).build())
                .target(TargetConfig.local(dir.resolve("unused").toString(), "parquet", List.of())).build()
                .discover().stream().filter(o -> o.name().equals("sales.orders")).findFirst().orElseThrow();
        Files.writeString(dir.resolve("orders.yaml"), ContractWriter.yaml(orders));
        String yaml = Files.readString(dir.resolve("orders.yaml"));
        assertThat(yaml).contains("- name: \"price\"\n    type: decimal\n    required: false\n    precision: 12\n"
                + "    scale: 3\n")
                .contains("- name: \"id\"\n    type: integer\n    required: true\n    primaryKey: true")
                .contains("- name: \"Odd Name\"");

        String source = "source:\n  connection: {url: \"jdbc:postgresql://127.0.0.1:" + port + "/postgres\"}\n"
                + "  credentials: {username: postgres}\n  tables: [{name: sales.orders}]\n";
        RunResult toParquet = run("orders_parquet", "target_connector: local\n" + source
                + "target:\n  connection: {path: out}\n");
        assertThat(toParquet.status()).as(toParquet.error()).isEqualTo(RunStatus.SUCCEEDED);
        List<String> expected = rows(server, "SELECT id, qty, price::text, note, code, paid::text, day::text, "
                + "to_char(at, 'YYYY-MM-DD HH24:MI:SS'), to_char(at_tz AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), "
                + "clock::text, upper(encode(raw, 'hex')), ref::text, doc::text, array_to_json(tags)::text, r, d, "
                + "\"Odd Name\" FROM sales.orders ORDER BY id");
        List<String> actual = new ArrayList<>();
        for (List<Object> row : DuckDb.query("SELECT id, qty, CAST(price AS VARCHAR), note, code, "
                + "CAST(paid AS VARCHAR), CAST(day AS VARCHAR), strftime(timezone('UTC', \"at\"), "
                + "'%Y-%m-%d %H:%M:%S'), strftime(timezone('UTC', at_tz), '%Y-%m-%d %H:%M:%S'), "
                + "CAST(clock AS VARCHAR), hex(raw), ref, doc, tags, r, d, "
                + "\"Odd Name\" FROM " + DuckDb.parquet(dir.resolve("out") + "/**/*.parquet") + " ORDER BY id")) {
            actual.add(row.toString());
        }
        assertThat(actual).hasSize(501).isEqualTo(expected);

        for (int i = 0; i < 2; i++) {
            RunResult merged = run("orders_merge", "target_connector: postgres\n" + source + "target:\n"
                    + "  connection: {url: \"jdbc:postgresql://127.0.0.1:" + port + "/postgres\", table: merged}\n"
                    + "  credentials: {username: postgres}\n  write_mode: merge\n");
            assertThat(merged.status()).as(merged.error()).isEqualTo(RunStatus.SUCCEEDED);
        }
        assertThat(rows(server, "SELECT count(*), count(DISTINCT id), sum(qty), count(price) FROM merged"))
                .containsExactly("[501, 501, 1252500, 500]");
        assertThat(orders.fields()).filteredOn(FieldSpec::required).extracting(FieldSpec::name)
                .containsExactly("id", "qty", "code");
        assertThat(orders.fields()).filteredOn(f -> f.type() == DataType.JSON).extracting(FieldSpec::name)
                .containsExactly("doc");
    }

    private RunResult run(String name, String rest) throws Exception {
        Path job = Files.writeString(dir.resolve(name + ".yaml"), "tenant_id: acme\nname: " + name + "\n"
                + "source_connector: postgres\nasset_path: orders.yaml\n" + rest);
        try (LeakCheckedAllocator allocator = new LeakCheckedAllocator()) {
            return Pipeline.fromYaml(job, new JobLoader().withBaseDir(dir).withSecretSource(n -> Optional.empty()))
                    .withStateStore(new InMemoryStateStore()).withAllocator(allocator).run();
        }
    }

    private static Map<String, Object> connection() {
        return Map.of("url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
    }

    static List<String> rows(PostgresServer server, String sql) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    // DuckDB gives BIGINT for the contract's integers; floats stay floats on both sides
                    row.add(v instanceof Integer || v instanceof Short ? ((Number) v).longValue() : v);
                }
                out.add(row.toString());
            }
            return out;
        }
    }
}
