package io.dativo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.cli.secrets.BlabbingReader;
import io.dativo.cli.secrets.BlabbingReaderFactory;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.PostgresServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of the real command line, with {@code --json} and with {@code --verbose} (logging at debug level),
 * on jobs whose secrets sit in credentials, in a JDBC state URL (a real PostgreSQL state store whose role has a
 * password, and URLs that fail), in a source path and in a plugin's exceptions and checks: no secret appears in
 * standard output, standard error, any file written, or the state store's tables.
 */
class SecretsIT {

    static final String PW = "Sekr1t_Pw_4242xyz";
    static final String SK = "Sess10n_K3y_998877";
    static final String ROLE = "statebob";

    static PostgresServer postgres;
    static int port;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() throws Exception {
        postgres = PostgresServer.start();
        Matcher m = Pattern.compile("//[^/:]+:(\\d+)/").matcher(postgres.url());
        assertThat(m.find()).as(postgres.url()).isTrue();
        port = Integer.parseInt(m.group(1));
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PW + "'");
            s.execute("GRANT CREATE, USAGE ON SCHEMA public TO " + ROLE);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private void write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private void job(String name, String files, String source) throws IOException {
        write(name + ".yaml", """
                tenant_id: acme
                source_connector: csv
                source_connector_path: recipe.yaml
                target_connector: local
                asset_path: asset.yaml
                source:
                  files: [{path: "%s", object: orders}]
                %s
                target:
                  connection: {path: out}
                schema_validation_mode: quarantine
                """.formatted(files, source.indent(2).stripTrailing()));
    }

    /** A jar at {@code path} of {@code classes} and, when not null, a service file registering {@code factory}. */
    private static void jar(Path path, List<Class<?>> classes, Class<?> factory) throws IOException {
        Files.createDirectories(path.getParent());
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(path))) {
            for (Class<?> c : classes) {
                String entry = c.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (var in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
            if (factory != null) {
                jar.putNextEntry(new JarEntry("META-INF/services/io.dativo.api.ReaderFactory"));
                jar.write((factory.getName() + "\n").getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
    }

    /** The jobs, by name. */
    private List<String> jobs() throws Exception {
        write("recipe.yaml", "name: csv\ntype: csv\nroles: [source]\n");
        write("asset.yaml", """
                name: orders
                domain: sales
                schema:
                  - {name: id, type: integer, required: true}
                  - {name: amount, type: decimal, precision: 10, scale: 2}
                """);
        write("data/orders.csv", "id,amount\n1,2.50\nx,3.00\n");
        jar(dir.resolve("plugins/blabbing.jar"), List.of(BlabbingReader.class, BlabbingReaderFactory.class),
                BlabbingReaderFactory.class);
        String db = "127.0.0.1:" + port + "/postgres";
        job("credentials", "data/*.csv", """
                credentials: {user: bob, password: "${PW}"}
                connection: {token: "${SK}"}
                incremental: {strategy: file_modified_time, state_path: state}""");
        job("jdbc_params", "data/*.csv", """
                incremental: {strategy: file_modified_time,
                              state_path: "jdbc:postgresql://%s?user=%s&password=${PW}"}""".formatted(db, ROLE));
        job("jdbc_password_first", "data/*.csv", """
                incremental: {strategy: file_modified_time,
                              state_path: "jdbc:postgresql://%s?password=${PW}&user=%s"}""".formatted(db, ROLE));
        job("jdbc_userinfo", "data/*.csv", """
                incremental: {strategy: file_modified_time,
                              state_path: "jdbc:postgresql://%s:${PW}@%s"}""".formatted(ROLE, db));
        job("jdbc_refused", "data/*.csv", """
                incremental: {strategy: file_modified_time,
                              state_path: "jdbc:postgresql://127.0.0.1:1/postgres?user=%s&password=${PW}"}"""
                .formatted(ROLE));
        job("jdbc_semicolons", "data/*.csv", """
                incremental: {strategy: file_modified_time,
                              state_path: "jdbc:sqlserver://127.0.0.1:1;user=%s;PASSWORD=${PW}"}""".formatted(ROLE));
        job("path", "data/missing_${PW}.csv", """
                credentials: {password: "${PW}"}""");
        job("plugin", "data/*.csv", """
                custom_reader: plugins/blabbing.jar:%s
                credentials: {password: "${PW}"}
                engine: {options: {session_key: "${SK}"}}""".formatted(BlabbingReaderFactory.class.getName()));
        return List.of("credentials", "jdbc_params", "jdbc_password_first", "jdbc_userinfo", "jdbc_refused",
                "jdbc_semicolons", "path", "plugin");
    }

    record Output(String out, String err) {
    }

    private Output batch(List<String> commands) throws Exception {
        Path file = dir.resolve("commands.txt");
        Files.write(file, commands, StandardCharsets.UTF_8);
        // the batch runner alone, so that the plugin's classes come from its jar only
        Path batchJar = dir.resolve("tools/batch.jar");
        jar(batchJar, List.of(CommandBatch.class), null);
        String classPath = String.join(File.pathSeparator, Path.of(System.getProperty("dativo.jar")).toAbsolutePath()
                .toString(), batchJar.toString(), location(Class.forName("org.postgresql.Driver")));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", classPath, CommandBatch.class.getName(),
                file.toString()).directory(dir.toFile());
        pb.environment().putAll(Map.of("PW", PW, "SK", SK));
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err.get()).isZero();
        Files.delete(file);
        return new Output(out, err.get());
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void noCommandPrintsLogsOrWritesASecret() throws Exception {
        List<String> jobs = jobs();
        List<List<String>> modes = List.of(List.of("--json", "--log-format", "json", "--log-level", "debug"),
                List.of("--verbose", "--log-level", "debug"), List.of("--json", "--verbose"));
        List<String> commands = new ArrayList<>();
        for (List<String> mode : modes) {
            String flags = String.join("\t", mode);
            for (String job : jobs) {
                String c = "-c\t" + job + ".yaml\t" + flags;
                for (String command : List.of("validate", "check", "discover", "run", "state\tshow", "recover",
                        "state\treset", "run", "state\tshow")) {
                    commands.add(command + "\t" + c);
                }
            }
            commands.add("plugins\t" + flags);
        }
        Output o = batch(commands);
        String all = o.out() + "\n" + o.err();

        // the commands did what they say: a real state store with a password, a plugin found and failing
        assertThat(o.out()).contains("### run -c jdbc_params.yaml --json --log-format json --log-level debug -> exit 1")
                .contains("### run -c credentials.yaml --verbose --log-level debug -> exit 1")
                .contains("### run -c plugin.yaml --json --verbose -> exit 2")
                .contains("### check -c path.yaml --verbose --log-level debug -> exit 2")
                .contains("### state show -c jdbc_params.yaml --verbose --log-level debug -> exit 0")
                .contains("\"object\" : \"orders\"").contains("blabbing");
        assertThat(all).contains("password=****").contains("PASSWORD=****").contains("missing_****.csv")
                .contains("cannot close session of password **** and key ****")
                .contains("cannot log in with ****/****").contains("Caused by").contains("\tat ");
        assertThat(all).doesNotContain(PW).doesNotContain(SK);

        List<Path> written;
        try (Stream<Path> files = Files.walk(dir)) {
            written = files.filter(Files::isRegularFile).toList();
        }
        assertThat(written).anyMatch(p -> p.toString().contains("_rejects"))
                .anyMatch(p -> p.toString().endsWith(".parquet")).anyMatch(p -> p.startsWith(dir.resolve("state")));
        for (Path f : written) {
            String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(content).as(f.toString()).doesNotContain(PW).doesNotContain(SK);
            assertThat(f.toString()).doesNotContain(PW);
        }
        assertThat(stateTables()).contains("orders").doesNotContain(PW).doesNotContain(SK);
    }

    /** Every row of every table in the state store's database, as text. */
    private static String stateTables() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            assertThat(tables).isNotEmpty();
            for (String table : tables) {
                try (ResultSet r = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    while (r.next()) {
                        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                            all.append(r.getString(i)).append('\t');
                        }
                        all.append('\n');
                    }
                }
            }
        }
        return all.toString();
    }
    @Test
    void discoverWritesAContractFromPostgresThroughTheEnvironmentOrARecipeThatThenRuns() throws Exception {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE cli_items (id int PRIMARY KEY, amount numeric(10,2) NOT NULL, label text)");
            s.execute("INSERT INTO cli_items VALUES (1, 2.50, 'one'), (2, 3.75, NULL), (3, 0.01, 'three')");
            s.execute("GRANT SELECT ON cli_items TO " + ROLE);
        }
        Map<String, String> where = Map.of("PGHOST", "127.0.0.1", "PGPORT", String.valueOf(port),
                "PGDATABASE", "postgres");
        Map<String, String> env = new HashMap<>(where);
        env.putAll(Map.of("PGUSER", ROLE, "PGPASSWORD", PW));
        CliIT.Result fromEnv = dativo(env, "discover", "--connector", "postgres", "--object", "cli_items",
                "--write-asset", "items.yaml");
        assertThat(fromEnv.exit()).as(fromEnv.err()).isZero();
        String contract = Files.readString(dir.resolve("items.yaml"));
        assertThat(contract).contains("- name: \"id\"\n    type: integer\n    required: true\n    primaryKey: true")
                .contains("- name: \"amount\"\n    type: decimal\n    required: true\n    precision: 10\n"
                        + "    scale: 2");

        write("pg.yaml", "name: postgres\ntype: postgres\nroles: [source]\ncredentials:\n  type: basic\n"
                + "  file_template: \"" + dir + "/secrets/{tenant}/postgres.env\"\nconnection_template:\n"
                + "  host: \"${PGHOST}\"\n  port: \"${PGPORT}\"\n  database: \"${PGDATABASE}\"\n");
        write("secrets/acme/postgres.env", "PGUSER=" + ROLE + "\nPGPASSWORD=" + PW + "\n");
        CliIT.Result fromRecipe = dativo(where, "discover", "--connector", "postgres", "--recipe", "pg.yaml",
                "--tenant", "acme", "--object", "cli_items", "--write-asset", "items_recipe.yaml");
        assertThat(fromRecipe.exit()).as(fromRecipe.err()).isZero();
        assertThat(Files.readString(dir.resolve("items_recipe.yaml"))).isEqualTo(contract);

        write("items_job.yaml", "tenant_id: acme\nsource_connector: postgres\ntarget_connector: local\n"
                + "asset_path: items.yaml\nsource:\n  tables: [{name: cli_items}]\n"
                + "target:\n  connection: {path: out}\n");
        CliIT.Result run = dativo(env, "run", "-c", "items_job.yaml");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(DuckDb.query("SELECT count(*), sum(amount), count(label) FROM "
                + DuckDb.parquet(dir.resolve("out") + "/**/*.parquet")).get(0).toString()).isEqualTo("[3, 6.26, 2]");
        assertThat(fromEnv.out() + fromEnv.err() + fromRecipe.out() + fromRecipe.err() + run.out() + run.err()
                + contract).doesNotContain(PW);
    }

    private CliIT.Result dativo(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("dativo.jar")).toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().putAll(env);
        return CliIT.collect(pb.start());
    }
}
