package io.dativo.plugins.jdbc;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseWriter;
import io.dativo.api.TargetConfig;
import io.dativo.testkit.PostgresServer;
import io.dativo.testkit.WriterContractTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The PostgreSQL writer passes the writer contract against a real embedded server: each test writes its own table;
 * visible records are its rows, leftovers the staging tables still present.
 */
class PostgresWriterContractTest extends WriterContractTest {

    static PostgresServer server;
    static int port;
    static final AtomicInteger TABLES = new AtomicInteger();
    final String table = "copy_people_" + TABLES.incrementAndGet();

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
        port = Integer.parseInt(server.url().replaceAll(".*://[^:]+:(\\d+)/.*", "$1"));
        PostgresReaderContractTest.sql(server, "CREATE ROLE dativo LOGIN SUPERUSER PASSWORD '"
                + PostgresReaderContractTest.PASSWORD + "'");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private TargetConfig target(String database) {
        return TargetConfig.builder("postgres").connection(Map.of("host", "127.0.0.1", "port", port,
                        "database", database, "table", table))
                .credentials(Map.of("username", "dativo", "password", PostgresReaderContractTest.PASSWORD)).build();
    }

    private static long count(String sql) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    protected BaseWriter newWriter() {
        return new JdbcWriter();
    }

    @Override
    protected AssetDefinition asset() {
        return PostgresReaderContractTest.PEOPLE;
    }

    @Override
    protected TargetConfig target() {
        return target("postgres");
    }

    @Override
    protected List<Map<String, Object>> records() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long i = 1; i <= 10; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", i);
            r.put("name", "person " + i);
            rows.add(r);
        }
        return rows;
    }

    @Override
    protected long visibleRecords() throws Exception {
        return count("SELECT count(*) FROM pg_tables WHERE tablename = '" + table + "'") == 0 ? 0
                : count("SELECT count(*) FROM " + table);
    }

    @Override
    protected List<String> stagedLeftovers() throws Exception {
        List<String> left = new ArrayList<>();
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE tablename LIKE 'dativo_stg_%'")) {
            while (rs.next()) {
                left.add(rs.getString(1));
            }
        }
        return left;
    }

    @Override
    protected Optional<TargetConfig> wrongTarget() {
        return Optional.of(target("no_such_database"));
    }
}
