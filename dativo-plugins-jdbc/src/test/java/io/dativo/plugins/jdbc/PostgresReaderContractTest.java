package io.dativo.plugins.jdbc;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TableSpec;
import io.dativo.testkit.PostgresServer;
import io.dativo.testkit.ReaderContractTest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The PostgreSQL reader passes the reader contract against a real embedded server: a table of ten people read in
 * two key-range splits, an empty table, a database that does not exist (the embedded server trusts local logins,
 * so a wrong password would pass), a table of 20,000 rows for the cancel rule, and a table read by an id cursor
 * that gains rows.
 */
class PostgresReaderContractTest extends ReaderContractTest {

    static final AssetDefinition PEOPLE = AssetDefinition.of("people", List.of(
            FieldSpec.of("id", DataType.LONG, true), FieldSpec.of("name", DataType.STRING, false)));
    static final String PASSWORD = "contract-Pw-5521";
    static PostgresServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
        port = Integer.parseInt(server.url().replaceAll(".*://[^:]+:(\\d+)/.*", "$1"));
        sql(server, "CREATE ROLE dativo LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'",
                "CREATE TABLE people (id bigint, name text)",
                "INSERT INTO people SELECT g, CASE WHEN g % 4 = 0 THEN NULL ELSE 'person ' || g END "
                        + "FROM generate_series(1, 10) g",
                "CREATE TABLE nobody (id bigint, name text)",
                "CREATE TABLE crowd (id bigint, name text)",
                "INSERT INTO crowd SELECT g, 'person ' || g FROM generate_series(1, 20000) g",
                "CREATE TABLE growing (id bigint, name text)",
                "INSERT INTO growing SELECT g, 'person ' || g FROM generate_series(1, 5) g");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static void sql(PostgresServer on, String... statements) throws Exception {
        try (Connection c = on.connect(); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    static SourceConfig table(String table, String database) {
        return SourceConfig.builder("postgres").connection(Map.of("host", "127.0.0.1", "port", port,
                        "database", database)).credentials(Map.of("username", "dativo", "password", PASSWORD))
                .tables(List.of(new TableSpec(table, null, null)))
                .engineOptions(Map.of("batch_size", 3, "partition_column", "id", "partitions", 2)).build();
    }

    @Override
    protected BaseReader newReader() {
        return new JdbcReader();
    }

    @Override
    protected AssetDefinition asset() {
        return PEOPLE;
    }

    @Override
    protected SourceConfig source() {
        return table("people", "postgres");
    }

    @Override
    protected List<Map<String, Object>> expectedRecords() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long i = 1; i <= 10; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", i);
            r.put("name", i % 4 == 0 ? null : "person " + i);
            rows.add(r);
        }
        return rows;
    }

    @Override
    protected Optional<SourceConfig> emptySource() {
        return Optional.of(table("nobody", "postgres"));
    }

    @Override
    protected Optional<SourceConfig> wrongSource() {
        return Optional.of(table("people", "no_such_database"));
    }

    /** A table read by an {@code id} cursor, which gains rows after the first read. */
    @Override
    protected Optional<SourceConfig> incrementalSource() {
        return Optional.of(table("growing", "postgres").withIncremental(new IncrementalSpec("cursor", "id", 0,
                null)));
    }

    @Override
    protected List<Map<String, Object>> addRecords() throws Exception {
        sql(server, "INSERT INTO growing SELECT g, 'person ' || g FROM generate_series(6, 8) g");
        List<Map<String, Object>> added = new ArrayList<>();
        for (long i = 6; i <= 8; i++) {
            added.add(Map.of("id", i, "name", "person " + i));
        }
        return added;
    }

    @Override
    protected SourceConfig longSource() {
        return table("crowd", "postgres");
    }
}
