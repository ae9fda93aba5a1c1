package io.dativo.plugins.jdbc;

import io.dativo.api.SourceConfig;
import io.dativo.api.TableSpec;
import io.dativo.testkit.PostgresServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The PostgreSQL reader passes the reader contract against a real embedded server (which trusts local logins, so
 * the wrong source is a database that does not exist).
 */
class PostgresReaderContractTest extends JdbcReaderContract {

    static final String PASSWORD = "contract-Pw-5521";
    static PostgresServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
        port = server.port();
        server.sql("CREATE ROLE dativo LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
        server.sql(tables(PostgresReaderContractTest::rows).toArray(String[]::new));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Override
    protected SourceConfig table(String table, String database) {
        return SourceConfig.builder("postgres").connection(Map.of("host", "127.0.0.1", "port", port,
                        "database", database == null ? "postgres" : database))
                .credentials(Map.of("username", "dativo", "password", PASSWORD))
                .tables(List.of(new TableSpec(table, null, null))).engineOptions(options()).build();
    }

    @Override
    protected void sql(String statement) throws Exception {
        server.sql(statement);
    }

    @Override
    protected String series(int from, int to) {
        return rows(from, to);
    }

    static String rows(int from, int to) {
        return "generate_series(" + from + ", " + to + ") g";
    }
}
