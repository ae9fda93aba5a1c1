package io.dativo.plugins.jdbc;

import io.dativo.api.TargetConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** The MySQL/MariaDB writer passes the writer contract against a real MariaDB. */
class MariaDbWriterContractTest extends JdbcWriterContract {

    static final String DATABASE = "writer_contract";

    @BeforeAll
    static void start() throws Exception {
        MariaDbServer.sql("", "CREATE DATABASE " + DATABASE);
    }

    @Override
    protected TargetConfig target(String database) {
        return TargetConfig.builder("mariadb").connection(Map.of("host", "127.0.0.1", "port", MariaDbServer.port(),
                        "database", database == null ? DATABASE : database, "sslMode", "disable", "table", table))
                .credentials(Map.of("username", "root")).build();
    }

    @Override
    protected long count(String sql) throws Exception {
        List<String> rows = names(sql);
        return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0));
    }

    @Override
    protected String tablesNamed(String name) {
        return "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + DATABASE
                + "' AND table_name LIKE '" + name + "'";
    }

    @Override
    protected List<String> names(String sql) throws Exception {
        try (Connection c = MariaDbServer.connect(DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
