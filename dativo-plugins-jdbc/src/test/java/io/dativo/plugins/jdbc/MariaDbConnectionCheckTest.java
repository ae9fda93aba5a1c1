package io.dativo.plugins.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.ConnectionCheck;
import io.dativo.api.SourceConfig;
import io.dativo.api.TableSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code checkConnection()} of a MariaDB source tells each failure apart, and never shows the password. */
class MariaDbConnectionCheckTest {

    static final String PW = "Cl3rk-pw-5521";
    static int port;

    @BeforeAll
    static void start() throws Exception {
        port = MariaDbServer.port();
        MariaDbServer.sql("", "CREATE DATABASE checks", "CREATE DATABASE forbidden",
                "CREATE TABLE checks.open_t (id INT)", "CREATE TABLE checks.closed_t (id INT)");
        // every host form a TCP connection from 127.0.0.1 may match, so no anonymous account takes precedence
        for (String host : List.of("%", "localhost", "127.0.0.1")) {
            MariaDbServer.sql("", "CREATE USER 'clerk'@'" + host + "' IDENTIFIED BY '" + PW + "'",
                    "GRANT SELECT ON checks.open_t TO 'clerk'@'" + host + "'");
        }
    }

    @Test
    void eachFailureIsToldApart() {
        assertThat(check(port, "clerk", PW, "checks", "open_t").success()).isTrue();
        Map<String, ConnectionCheck> failures = new LinkedHashMap<>();
        failures.put("HOST_UNREACHABLE", check(1, "clerk", PW, "checks", "open_t"));
        failures.put("AUTH_FAILED", check(port, "clerk", "Wr0ng-pw-9173", "checks", "open_t"));
        failures.put("DATABASE_MISSING", check(port, "root", "", "no_such_db", "open_t"));
        failures.put("PERMISSION_DENIED", check(port, "clerk", PW, "forbidden", "open_t"));
        failures.put("TABLE_MISSING", check(port, "root", "", "checks", "no_such_table"));
        failures.forEach((code, c) -> assertThat(c.errorCode()).as(c.message()).isEqualTo(code));
        ConnectionCheck table = check(port, "clerk", PW, "checks", "closed_t");
        assertThat(table.errorCode()).as(table.message()).isEqualTo("PERMISSION_DENIED");
        assertThat(table.message()).contains("closed_t");
        assertThat(failures.values().toString() + table).doesNotContain(PW);
    }

    private static ConnectionCheck check(int port, String user, String password, String database, String table) {
        JdbcReader reader = new JdbcReader();
        Map<String, Object> credentials = password.isEmpty() ? Map.of("username", user)
                : Map.of("username", user, "password", password);
        reader.open(SourceConfig.builder("mariadb").connection(Map.of("host", "127.0.0.1", "port", port,
                        "database", database, "sslMode", "disable", "connectTimeout", 5000))
                .credentials(credentials).tables(List.of(new TableSpec(table, null, null))).build());
        return reader.checkConnection();
    }
}
