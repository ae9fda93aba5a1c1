package io.dativo.plugins.jdbc;

import io.dativo.api.TargetConfig;
import io.dativo.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL writer passes the writer contract against a real embedded server. */
class PostgresWriterContractTest extends JdbcWriterContract {

    static PostgresServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
        port = server.port();
        server.sql("CREATE ROLE dativo LOGIN SUPERUSER PASSWORD '"
                + PostgresReaderContractTest.PASSWORD + "'");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Override
    protected TargetConfig target(String database) {
        return TargetConfig.builder("postgres").connection(Map.of("host", "127.0.0.1", "port", port,
                        "database", database == null ? "postgres" : database, "table", table))
                .credentials(Map.of("username", "dativo", "password", PostgresReaderContractTest.PASSWORD)).build();
    }

    @Override
    protected long count(String sql) throws Exception {
        List<String> rows = names(sql);
        return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0));
    }

    @Override
    protected String tablesNamed(String name) {
        return "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE '"
                + name + "'";
    }

    @Override
    protected List<String> names(String sql) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
