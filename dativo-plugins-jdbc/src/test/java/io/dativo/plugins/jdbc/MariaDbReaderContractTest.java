package io.dativo.plugins.jdbc;

import io.dativo.api.SourceConfig;
import io.dativo.api.TableSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The MySQL/MariaDB reader passes the reader contract against a real MariaDB (the server runs without grant tables,
 * so the wrong source is a database that does not exist).
 */
class MariaDbReaderContractTest extends JdbcReaderContract {

    static final String DATABASE = "reader_contract";

    @BeforeAll
    static void start() throws Exception {
        MariaDbServer.sql("", "CREATE DATABASE " + DATABASE);
        MariaDbServer.sql(DATABASE, tables(MariaDbReaderContractTest::rows)
                .toArray(String[]::new));
    }

    @Override
    protected SourceConfig table(String table, String database) {
        return SourceConfig.builder("mariadb").connection(Map.of("host", "127.0.0.1", "port", MariaDbServer.port(),
                        "database", database == null ? DATABASE : database, "sslMode", "disable"))
                .credentials(Map.of("username", "root"))
                .tables(List.of(new TableSpec(table, null, null))).engineOptions(options()).build();
    }

    @Override
    protected void sql(String statement) throws Exception {
        MariaDbServer.sql(DATABASE, statement);
    }

    @Override
    protected String series(int from, int to) {
        return rows(from, to);
    }

    /** MariaDB's sequence engine as a row source. */
    static String rows(int from, int to) {
        return "(SELECT seq AS g FROM seq_" + from + "_to_" + to + ") s";
    }
}
