package io.dativo.plugins.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dativo.api.ConfigException;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.SourceConfig;
import io.dativo.api.StateKey;
import io.dativo.api.TableSpec;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.config.JobLoader;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.testkit.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where user and password come from, against a PostgreSQL server that checks passwords (scram-sha-256 for the
 * test's roles): the job's credentials, then the tenant's credentials file of the recipe, then the environment; and
 * the password nowhere in what a run leaves behind.
 */
class CredentialsTest {

    static final String RIGHT = "r1ght-Pw-4471";
    static final String WRONG = "wr0ng-Pw-8832";
    static PostgresServer server;
    static int port;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
        port = server.port();
        server.sql("SET password_encryption = 'scram-sha-256'",
                "CREATE ROLE reader LOGIN SUPERUSER PASSWORD '" + RIGHT + "'",
                "CREATE ROLE clerk LOGIN PASSWORD '" + RIGHT + "'",
                "CREATE DATABASE locked",
                "REVOKE CONNECT ON DATABASE locked FROM PUBLIC",
                "CREATE TABLE closed_rows (id int)",
                "CREATE TABLE secrets_rows (id int, updated_at timestamp)",
                "INSERT INTO secrets_rows SELECT g, now() FROM generate_series(1, 25) g",
                "GRANT SELECT ON secrets_rows TO clerk");
        server.requirePassword("reader", "clerk");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private Path job(String credentials, String fileLines) throws Exception {
        String tag = dir.getFileName().toString().replaceAll("[^A-Za-z0-9]", "");
        if (fileLines != null) {
            Files.createDirectories(dir.resolve("secrets/acme"));
            Files.writeString(dir.resolve("secrets/acme/postgres.env"), fileLines);
        }
        Files.writeString(dir.resolve("pg.yaml"), "name: postgres\ntype: postgres\nroles: [source, target]\n"
                + "credentials:\n  type: basic\n  file_template: \"" + dir + "/secrets/{tenant}/postgres.env\"\n"
                + "connection_template:\n  host: \"${PGHOST}\"\n  port: \"${PGPORT}\"\n  database: \"${PGDATABASE}\"\n"
                + "incremental: {strategy: updated_at, cursor_field_default: updated_at, lookback_days_default: 0}\n");
        Files.writeString(dir.resolve("rows.yaml"), "name: secrets_rows\nversion: \"1.0\"\ndomain: d\nschema:\n"
                + "  - {name: id, type: integer, required: true}\n  - {name: updated_at, type: timestamp}\n");
        return Files.writeString(dir.resolve("job.yaml"), "tenant_id: acme\nname: cred_job_" + tag + "\n"
                + "source_connector: postgres\nsource_connector_path: pg.yaml\n"
                + "target_connector: postgres\ntarget_connector_path: pg.yaml\nasset_path: rows.yaml\n"
                + "source:\n  connection: {url: \"jdbc:postgresql://127.0.0.1:" + port + "/postgres\"}\n"
                + credentials + "  tables: [{name: secrets_rows}]\n  incremental: {strategy: updated_at}\n"
                + "target:\n  connection: {url: \"jdbc:postgresql://127.0.0.1:" + port + "/postgres\", "
                + "table: copied_" + tag + "}\n" + credentials);
    }

    private RunResult run(Path job, InMemoryStateStore store) {
        try (LeakCheckedAllocator allocator = new LeakCheckedAllocator()) {
            return Pipeline.fromYaml(job, new JobLoader().withBaseDir(dir).withSecretSource(n -> Optional.empty()))
                    .withStateStore(store).withAllocator(allocator).run();
        }
    }

    @Test
    void theTenantsFileGivesUserAndPasswordWhenTheJobGivesNone() throws Exception {
        InMemoryStateStore store = new InMemoryStateStore();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        RunResult ok;
        RunResult wrong;
        try {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            ok = run(job("", "PGUSER=reader\nPGPASSWORD=" + RIGHT + "\n"), store);
            wrong = run(job("", "PGUSER=reader\nPGPASSWORD=" + WRONG + "\n"), new InMemoryStateStore());
        } finally {
            System.setErr(err);
        }
        assertThat(ok.status()).as(ok.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ok.recordsWritten()).isEqualTo(25);
        assertThat(wrong.status()).isEqualTo(RunStatus.FAILED);
        assertThat(wrong.error()).contains("authentication failed");
        String everything = log.toString(StandardCharsets.UTF_8) + ok + wrong + ok.error() + wrong.error()
                + store.load(new StateKey("acme", "cred_job_" + dir.getFileName().toString()
                        .replaceAll("[^A-Za-z0-9]", ""),
                "secrets_rows")) + table(
                "SELECT string_agg(t::text, ',') FROM dativo_commits t") + outputBytes();
        assertThat(everything).doesNotContain(RIGHT).doesNotContain(WRONG);
    }

    @Test
    void theJobsCredentialsWinOverTheFileAndNeedNoFile() throws Exception {
        RunResult own = run(job("  credentials: {username: reader, password: \"" + RIGHT + "\"}\n",
                "PGUSER=reader\nPGPASSWORD=" + WRONG + "\n"), new InMemoryStateStore());
        assertThat(own.status()).as(own.error()).isEqualTo(RunStatus.SUCCEEDED);
        Files.delete(dir.resolve("secrets/acme/postgres.env"));
        RunResult noFile = run(job("  credentials: {username: reader, password: \"" + RIGHT + "\"}\n", null),
                new InMemoryStateStore());
        assertThat(noFile.status()).as(noFile.error()).isEqualTo(RunStatus.SUCCEEDED);
        ConfigException missing = catchThrowableOfType(() -> new JobLoader().withBaseDir(dir)
                .withSecretSource(n -> Optional.empty()).load(job("", null)), ConfigException.class);
        assertThat(missing.getMessage()).contains(dir.resolve("secrets/acme/postgres.env").toString());
    }

    @Test
    void theEnvironmentComesLastAndFillsOnlyWhatIsMissing() {
        Map<String, String> env = Map.of("PGUSER", "env_user", "PGPASSWORD", "env-pw");
        ConnectionSettings fromFile = ConnectionSettings.resolve("postgres", Map.of("url",
                "jdbc:postgresql://h/db"), Map.of("pguser", "file_user"), env::get);
        assertThat(fromFile.user()).isEqualTo("file_user");
        assertThat(fromFile.password()).isEqualTo("env-pw");
        ConnectionSettings fromJob = ConnectionSettings.resolve("mysql", Map.of("url", "jdbc:mariadb://h/db"),
                Map.of("user", "job_user", "password", "job-pw", "mysql_user", "file_user"),
                Map.of("MYSQL_USER", "env_user", "MYSQL_PASSWORD", "env-pw")::get);
        assertThat(fromJob.user()).isEqualTo("job_user");
        assertThat(fromJob.password()).isEqualTo("job-pw");
        assertThat(fromJob.toString()).doesNotContain("job-pw");
    }

    @Test
    void checkConnectionTellsEachFailureApartWithoutThePassword() {
        assertThat(check(port, "clerk", RIGHT, "postgres", "secrets_rows").success()).isTrue();
        Map<String, ConnectionCheck> failures = new LinkedHashMap<>();
        failures.put("HOST_UNREACHABLE", check(1, "clerk", RIGHT, "postgres", "secrets_rows"));
        failures.put("AUTH_FAILED", check(port, "clerk", WRONG, "postgres", "secrets_rows"));
        failures.put("DATABASE_MISSING", check(port, "clerk", RIGHT, "no_such_db", "secrets_rows"));
        failures.put("PERMISSION_DENIED", check(port, "clerk", RIGHT, "locked", "secrets_rows"));
        failures.put("TABLE_MISSING", check(port, "clerk", RIGHT, "postgres", "no_such_table"));
        failures.forEach((code, c) -> assertThat(c.errorCode()).as(c.message()).isEqualTo(code));
        ConnectionCheck table = check(port, "clerk", RIGHT, "postgres", "closed_rows");
        assertThat(table.errorCode()).as(table.message()).isEqualTo("PERMISSION_DENIED");
        assertThat(table.message()).contains("closed_rows");
        assertThat(failures.values().toString() + table).doesNotContain(RIGHT).doesNotContain(WRONG);
    }

    private static ConnectionCheck check(int port, String user, String password, String database, String table) {
        JdbcReader reader = new JdbcReader();
        reader.open(SourceConfig.builder("postgres").connection(Map.of("host", "127.0.0.1", "port", port,
                        "database", database, "connectTimeout", 5))
                .credentials(Map.of("username", user, "password", password))
                .tables(List.of(new TableSpec(table, null, null))).build());
        return reader.checkConnection();
    }

    @Test
    void withoutAUrlOrHostTheEnvironmentNamesTheDatabase() {
        ConnectionSettings pg = ConnectionSettings.resolve("postgres", Map.of(), Map.of(),
                Map.of("PGHOST", "db.example", "PGPORT", "5433", "PGDATABASE", "shop")::get);
        assertThat(pg.url()).isEqualTo("jdbc:postgresql://db.example:5433/shop");
        ConnectionSettings my = ConnectionSettings.resolve("mysql", Map.of("database", "own"), Map.of(),
                Map.of("MYSQL_HOST", "m.example", "MYSQL_DB", "ignored")::get);
        assertThat(my.url()).isEqualTo("jdbc:mariadb://m.example:3306/own");
    }

    private static String table(String sql) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private String outputBytes() throws Exception {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".env")
                    && !p.toString().endsWith("job.yaml")).toList()) {
                b.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return b.toString();
    }
}
