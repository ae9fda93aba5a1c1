package io.dativo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real dativo jar, run as a child process the way a person runs it. */
class CliIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    static Result dativo(Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("dativo.jar")).toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return collect(new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(false).start());
    }

    /** Waits for {@code p} with no input, reading both its output streams at once so neither blocks it. */
    static Result collect(Process p) throws Exception {
        p.getOutputStream().close();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err.get());
    }

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private void job(String name, String data, String mode, String extra) throws Exception {
        write(name + ".yaml", """
                tenant_id: acme
                source_connector: csv
                source_connector_path: recipe.yaml
                target_connector: local
                asset_path: asset.yaml
                source:
                  files: [{path: %s, object: orders}]
                  connection: {password: "hunter2-secret-value"}
                target:
                  connection: {path: out}
                schema_validation_mode: %s
                %s
                """.formatted(data, mode, extra));
    }

    @BeforeEach
    void fixtures() throws Exception {
        write("recipe.yaml", "name: csv\ntype: csv\nroles: [source]\n");
        write("asset.yaml", """
                name: orders
                domain: sales
                schema:
                  - {name: id, type: integer, required: true}
                  - {name: amount, type: decimal, precision: 10, scale: 2}
                """);
        write("data/good.csv", "id,amount\n1,2.50\n2,3.00\n3,4.25\n");
        write("data/bad.csv", "id,amount\n1,2.50\nx,3.00\n");
        job("good", "data/good.csv", "strict", "");
        job("warn", "data/bad.csv", "warn", "");
        job("strict", "data/bad.csv", "strict", "");
    }

    @Test
    void runPrintsASummaryAndJsonAndExitsByOutcome() throws Exception {
        Result text = dativo(dir, "run", "--config", "good.yaml");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("good.yaml: succeeded").contains("read 3").contains("written 3");

        Result json = dativo(dir, "run", "--config", "good.yaml", "--json");
        assertThat(json.exit()).isZero();
        JsonNode run = json.json().at("/jobs/0");
        assertThat(run.at("/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.at("/records_written").asLong()).isEqualTo(3);
        assertThat(Path.of(run.at("/files/0/path").asText())).exists();
        assertThat(json.json().at("/exit_code").asInt()).isZero();

        Result warn = dativo(dir, "run", "--config", "warn.yaml", "--json");
        assertThat(warn.exit()).isEqualTo(1);
        assertThat(warn.json().at("/jobs/0/validation/errors_by_field/id").asLong()).isEqualTo(1);
        assertThat(warn.json().at("/jobs/0/validation/first_errors/0/position").asText()).isEqualTo("data/bad.csv:3");

        Result strict = dativo(dir, "run", "--config", "strict.yaml");
        assertThat(strict.exit()).isEqualTo(2);
        assertThat(strict.out()).contains("strict.yaml: failed").contains("error: strict validation failed: "
                + "data/bad.csv:3");
        assertThat(strict.err()).doesNotContain("\tat ");
        assertThat(dativo(dir, "run", "--config", "strict.yaml", "--verbose").err()).contains("\tat ");
    }

    @Test
    void aJobDirectoryRunsEveryJobAndExitsWithTheWorst() throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        for (String name : List.of("good", "warn")) {
            Files.writeString(jobs.resolve(name + ".yaml"), Files.readString(dir.resolve(name + ".yaml")));
        }
        Result r = dativo(dir, "run", "--job-dir", "jobs");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("good.yaml").contains("warn.yaml").contains("SUCCEEDED_WITH_WARNINGS");
        Files.writeString(jobs.resolve("strict.yaml"), Files.readString(dir.resolve("strict.yaml")));
        Result worst = dativo(dir, "run", "--job-dir", "jobs", "--json");
        assertThat(worst.exit()).isEqualTo(2);
        assertThat(worst.json().at("/jobs")).hasSize(3);
        assertThat(worst.json().at("/exit_code").asInt()).isEqualTo(2);
    }

    @Test
    void nothingNewIsSuccess() throws Exception {
        job("inc", "\"data/*.csv\"", "warn", "");
        String yaml = Files.readString(dir.resolve("inc.yaml")).replace("  connection: {password",
                "  incremental: {strategy: file_modified_time}\n  connection: {password");
        Files.writeString(dir.resolve("inc.yaml"), yaml);
        assertThat(dativo(dir, "run", "-c", "inc.yaml").exit()).isEqualTo(1);
        Result second = dativo(dir, "run", "-c", "inc.yaml", "--json");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.json().at("/jobs/0/records_read").asLong()).isZero();
        Result state = dativo(dir, "state", "show", "-c", "inc.yaml", "--json");
        assertThat(state.json().at("/state/0/object").asText()).isEqualTo("orders");
        assertThat(state.json().at("/state/0/values/watermark").isTextual()).isTrue();
        assertThat(dativo(dir, "state", "reset", "-c", "inc.yaml").exit()).isZero();
        JsonNode third = dativo(dir, "run", "-c", "inc.yaml", "--json").json().at("/jobs/0");
        assertThat(third.at("/records_read").asLong()).isEqualTo(5);
        assertThat(third.at("/bytes_read").asLong()).isPositive();
        assertThat(third.at("/records_per_second").asDouble()).isPositive();
        assertThat(third.at("/megabytes_per_second").isNumber()).isTrue();
        assertThat(dativo(dir, "run", "-c", "inc.yaml").out()).contains("rows/s").contains("MB/s");
    }

    @Test
    void errorsAPersonCanActOnEndInOneLine() throws Exception {
        Result missing = dativo(dir, "run", "-c", "nope.yaml");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("error: nope.yaml: file not found:").doesNotContain("\n");

        job("unset", "data/good.csv", "strict", "");
        Files.writeString(dir.resolve("unset.yaml"), Files.readString(dir.resolve("unset.yaml"))
                .replace("path: out", "path: \"${OUT_DIR_NOT_SET}\""));
        Result unset = dativo(dir, "validate", "-c", "unset.yaml");
        assertThat(unset.exit()).isEqualTo(2);
        assertThat(unset.err().strip()).isEqualTo("error: unset.yaml:10:22 target.connection.path: variable "
                + "${OUT_DIR_NOT_SET} is not set and has no default (set it in the environment or give "
                + "${OUT_DIR_NOT_SET:-default})");

        Files.writeString(dir.resolve("plugin.yaml"), Files.readString(dir.resolve("good.yaml"))
                .replace("  files:", "  custom_reader: plugins/missing.jar:com.acme.Reader\n  files:"));
        Result plugin = dativo(dir, "run", "-c", "plugin.yaml");
        assertThat(plugin.exit()).isEqualTo(2);
        assertThat(plugin.out()).contains("error: Plugin jar not found: plugins/missing.jar");

        Result usage = dativo(dir, "run", "--bogus");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("error: Unknown option: '--bogus'");
    }

    @Test
    void validateListsEveryProblemAsJson() throws Exception {
        write("broken.yaml", "tenant_id: acme\nasset_path: asset.yaml\nsourc: {}\ntarget: {connection: {path: out}}\n");
        Result r = dativo(dir, "validate", "-c", "broken.yaml", "--json");
        assertThat(r.exit()).isEqualTo(2);
        JsonNode problems = r.json().at("/problems");
        assertThat(problems.size()).isGreaterThanOrEqualTo(2);
        assertThat(problems.toString()).contains("did you mean 'source'?").contains("missing required key 'source'");
        assertThat(problems.get(0).at("/line").asInt()).isPositive();
        Result ok = dativo(dir, "validate", "-c", "good.yaml", "--json");
        assertThat(ok.exit()).isZero();
        assertThat(ok.json().at("/valid").asBoolean()).isTrue();
        assertThat(ok.json().at("/fields").asInt()).isEqualTo(2);
    }

    @Test
    void validateReportsSettingsTheReaderAndWriterDoNotTakeWithTheirPlace() throws Exception {
        job("bad", "data/good.csv", "strict", "retry_config: {initial_delay_seconds: -1}");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(bad)
                .replace("  connection: {password", "  engine: {options: {batch_size: lots, header: maybe}}\n"
                        + "  connection: {password")
                .replace("  connection: {path: out}", "  connection: {path: out}\n  write_mode: merge"));
        Result r = dativo(dir, "validate", "-c", "bad.yaml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("error: 5 configuration problems")
                .contains("bad.yaml:8:34 source.engine.options.batch_size: expected an integer, found 'lots'")
                .contains("bad.yaml:8:48 source.engine.options.header: expected true or false, or auto, found 'maybe'")
                .contains("bad.yaml:12:15 target.write_mode: the local writer does not support write_mode 'merge'")
                .contains("bad.yaml:14:39 retry_config.initial_delay_seconds: expected a delay of 0 seconds or more");
    }

    @Test
    void aJobDirectoryWithTwoJobsOfOneNameAndDifferentTargetsRunsNeither() throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        String good = Files.readString(dir.resolve("good.yaml"));
        Files.writeString(jobs.resolve("a.yaml"), "name: orders\n" + good);
        Files.writeString(jobs.resolve("b.yaml"), "name: orders\n" + good.replace("path: out", "path: elsewhere"));
        Result r = dativo(dir, "run", "--job-dir", "jobs");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("jobs/b.yaml name: job 'orders' of tenant 'acme' is also defined by "
                + "jobs/a.yaml with another source or target");
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(dir.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void checkTestsBothSides() throws Exception {
        Result ok = dativo(dir, "check", "-c", "good.yaml", "--json");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.json().at("/source/success").asBoolean()).isTrue();
        assertThat(ok.json().at("/target/success").asBoolean()).isTrue();
        Files.writeString(dir.resolve("blocked"), "a file where a directory should be");
        Files.writeString(dir.resolve("blocked.yaml"), Files.readString(dir.resolve("good.yaml"))
                .replace("path: out", "path: blocked/out").replace("data/good.csv", "data/gone.csv"));
        Result bad = dativo(dir, "check", "-c", "blocked.yaml");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.out()).contains("source: FAILED").contains("gone.csv").contains("target: FAILED");
    }

    @Test
    void discoverListsObjectsAndWritesAContractThatLoads() throws Exception {
        Result r = dativo(dir, "discover", "--connector", "csv", "--path", "data/good.csv", "--json",
                "--write-asset", "discovered.yaml");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().at("/objects/0/name").asText()).isEqualTo("good");
        assertThat(r.json().at("/objects/0/fields/1/name").asText()).isEqualTo("amount");
        assertThat(r.json().at("/objects/0/fields/1/type").asText()).isEqualTo("double");
        assertThat(Files.readString(dir.resolve("discovered.yaml"))).contains("type: integer\n    required: true");
        Files.writeString(dir.resolve("uses-discovered.yaml"), Files.readString(dir.resolve("good.yaml"))
                .replace("asset_path: asset.yaml", "asset_path: discovered.yaml"));
        Result valid = dativo(dir, "validate", "-c", "uses-discovered.yaml");
        assertThat(valid.exit()).as(valid.err()).isZero();
        assertThat(dativo(dir, "discover", "-c", "good.yaml").out()).contains("orders").contains("id: integer");
    }

    @Test
    void pluginsListsWhatIsInstalledAndWhyAJarIsNot() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(plugins.resolve("broken.jar")))) {
            jar.putNextEntry(new java.util.jar.JarEntry("META-INF/services/io.dativo.api.BaseReader"));
            jar.write("com.acme.Missing\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        Result r = dativo(dir, "plugins", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().at("/plugins").toString()).contains("io.dativo.core.connector.file.CsvReader")
                .contains("\"csv\"");
        assertThat(r.json().at("/not_loaded").toString()).contains("broken.jar").contains("com.acme.Missing");
    }

    @Test
    void cloudModeRefusesConnectorsAndPluginJarsItDoesNotAllow() throws Exception {
        write("registry.yaml", "connectors:\n  csv: {allowed_in_cloud: false}\n");
        Result refused = dativo(dir, "run", "-c", "good.yaml", "--mode", "cloud", "--registry", "registry.yaml");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err().strip()).isEqualTo("error: refused in cloud mode: connector 'csv' is not allowed in "
                + "cloud by the registry registry.yaml");
        Files.writeString(dir.resolve("jar.yaml"), Files.readString(dir.resolve("good.yaml"))
                .replace("  files:", "  custom_reader: elsewhere/x.jar:com.acme.Reader\n  files:"));
        Result jar = dativo(dir, "run", "-c", "jar.yaml", "--mode", "cloud");
        assertThat(jar.exit()).isEqualTo(2);
        assertThat(jar.err()).contains("outside the allow-listed plugin directory");
        assertThat(dativo(dir, "run", "-c", "good.yaml", "--mode", "cloud").exit()).isZero();
    }

    @Test
    void jsonLogLinesCarryTheRunAndItsCountsAndNoSecrets() throws Exception {
        Result r = dativo(dir, "run", "-c", "warn.yaml", "--log-format", "json", "--log-level", "debug", "--json");
        assertThat(r.exit()).isEqualTo(1);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.err().strip().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        JsonNode last = lines.stream().filter(l -> l.has("records_read")).reduce((a, b) -> b).orElseThrow();
        assertThat(last.at("/tenant").asText()).isEqualTo("acme");
        assertThat(last.at("/job").asText()).isEqualTo("warn");
        assertThat(last.at("/asset").asText()).isEqualTo("orders");
        assertThat(last.at("/run_id").asText()).isEqualTo(r.json().at("/jobs/0/run_id").asText());
        assertThat(last.at("/records_invalid").asLong()).isEqualTo(1);
        assertThat(last.at("/errors_by_field/id").asLong()).isEqualTo(1);
        assertThat(lines).anySatisfy(l -> assertThat(l.at("/records").asLong()).isEqualTo(2));
        assertThat(r.out() + r.err()).doesNotContain("hunter2-secret-value");
        assertThat(dativo(dir, "validate", "-c", "good.yaml", "--log-level", "trace").err())
                .doesNotContain("hunter2-secret-value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "check", "discover", "validate", "plugins", "state"})
    void everyCommandHasCompleteHelp(String command) throws Exception {
        Result r = dativo(dir, command, "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: dativo " + command).contains("--json").contains("--log-format");
    }

    @Test
    void aProgressLineIsDrawnOnATerminalAndNotOtherwise() throws Exception {
        StringBuilder big = new StringBuilder("id,amount\n");
        for (int i = 0; i < 400_000; i++) {
            big.append(i).append(",1.00\n");
        }
        write("data/big.csv", big.toString());
        job("big", "data/big.csv", "strict", "source_batch: none".isEmpty() ? "" : "");
        Files.writeString(dir.resolve("big.yaml"), Files.readString(dir.resolve("big.yaml"))
                .replace("  connection: {password", "  engine: {options: {batch_size: 5000}}\n  connection: {password"));

        Result piped = dativo(dir, "run", "-c", "big.yaml");
        assertThat(piped.exit()).as(piped.err()).isZero();
        assertThat(piped.err()).doesNotContain("\r").doesNotContain("rec/s");

        String jar = Path.of(System.getProperty("dativo.jar")).toAbsolutePath().toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("script", "-qefc", java + " -jar " + jar + " run -c big.yaml", "/dev/null")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String tty = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(tty).isZero();
        assertThat(tty).contains("\r").contains("rec/s").contains("orders [").contains("%").contains("ETA")
                .contains("big.yaml: succeeded");
    }

    /** A job slow enough to be stopped while it writes: millions of rows in small batches, small files. */
    private void slowJob() throws Exception {
        StringBuilder big = new StringBuilder("id,amount\n");
        for (int i = 0; i < 3_000_000; i++) {
            big.append(i).append(",1.00\n");
        }
        write("data/slow.csv", big.toString());
        job("slow", "data/slow.csv", "strict", "");
        Files.writeString(dir.resolve("slow.yaml"), Files.readString(dir.resolve("slow.yaml"))
                .replace("  connection: {password", "  engine: {options: {batch_size: 500}}\n  connection: {password")
                .replace("  connection: {path: out}", "  connection: {path: out}\n  target_file_size_mb: 1"));
    }

    private List<String> outputFiles(String kind) throws Exception {
        Path out = dir.resolve("out");
        if (!Files.exists(out)) {
            return List.of();
        }
        try (var walk = Files.walk(out)) {
            return walk.filter(Files::isRegularFile).map(p -> out.relativize(p).toString())
                    .filter(p -> kind.equals("staged") == (p.startsWith(".") || p.contains("/.")
                            || p.contains("pending")))
                    .filter(p -> kind.equals("staged") || p.endsWith(".parquet")).toList();
        }
    }

    @Test
    void sigtermCancelsTheRunWithExitCode130AndCommitsNothing() throws Exception {
        slowJob();
        String jar = Path.of(System.getProperty("dativo.jar")).toAbsolutePath().toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", jar, "run", "-c", "slow.yaml").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (outputFiles("staged").isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(p.isAlive()).as("still writing when stopped: " + Files.readString(dir.resolve("child.log")))
                .isTrue();
        long t0 = System.nanoTime();
        p.destroy();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("child.log"));
        assertThat(p.exitValue()).as(log).isEqualTo(130);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(6);
        assertThat(log).contains("slow.yaml: cancelled");
        assertThat(outputFiles("data")).as("nothing committed").isEmpty();
        assertThat(outputFiles("staged")).as("staged files removed").isEmpty();
    }

    @Test
    void aRunOutOfTimeExitsWith124() throws Exception {
        slowJob();
        Result r = dativo(dir, "run", "-c", "slow.yaml", "--timeout", "1", "--json");
        assertThat(r.exit()).as(r.err()).isEqualTo(124);
        JsonNode job = r.json().at("/jobs/0");
        assertThat(job.at("/status").asText()).isEqualTo("TIMED_OUT");
        assertThat(job.at("/failure_kind").asText()).isEqualTo("CANCELLED");
        assertThat(outputFiles("data")).isEmpty();
        assertThat(outputFiles("staged")).isEmpty();
    }

    @Test
    void recoverReportsWhatItDid() throws Exception {
        Result text = dativo(dir, "recover", "-c", "good.yaml");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("nothing to recover for job good");
        Result json = dativo(dir, "recover", "-c", "good.yaml", "--json");
        assertThat(json.json().at("/job").asText()).isEqualTo("good");
        assertThat(json.json().at("/recovered").isArray()).isTrue();
        assertThat(outputFiles("staged")).as("recovery stages nothing").isEmpty();
    }

    /** A plugin jar whose reader factory runs out of memory as its class is initialised: an Error, not an exception. */
    private void hungryPlugin() throws Exception {
        Path src = write("src/com/acme/Hungry.java", """
                package com.acme;

                public class Hungry implements io.dativo.api.ReaderFactory {
                    static final long[] TABLE = new long[Integer.MAX_VALUE];

                    public java.util.Set<String> types() {
                        return java.util.Set.of("hungry");
                    }

                    public io.dativo.api.BaseReader create() {
                        throw new UnsupportedOperationException();
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp",
                System.getProperty("java.class.path"), "-d", classes.toString(), src.toString());
        assertThat(compiled).isZero();
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plugins.resolve("hungry.jar")))) {
            jar.putNextEntry(new JarEntry("com/acme/Hungry.class"));
            jar.write(Files.readAllBytes(classes.resolve("com/acme/Hungry.class")));
            jar.closeEntry();
        }
        Files.writeString(dir.resolve("hungry.yaml"), Files.readString(dir.resolve("good.yaml"))
                .replace("  files:", "  custom_reader: plugins/hungry.jar:com.acme.Hungry\n  files:"));
    }

    @Test
    void anErrorSuchAsOutOfMemoryExitsWith2AndUnderJsonPrintsAJsonErrorLine() throws Exception {
        hungryPlugin();
        for (String command : List.of("run", "validate")) {
            Result text = dativo(dir, command, "-c", "hungry.yaml");
            assertThat(text.exit()).as(command + ": " + text.err()).isEqualTo(2);
            assertThat(text.err().strip()).as(command).startsWith("error: OutOfMemoryError: ")
                    .doesNotContain("\n");

            Result json = dativo(dir, command, "-c", "hungry.yaml", "--json");
            assertThat(json.exit()).as(command + ": " + json.err()).isEqualTo(2);
            assertThat(json.out().strip()).as("one line").doesNotContain("\n");
            JsonNode line = json.json();
            assertThat(line.at("/error").asText()).startsWith("OutOfMemoryError: ");
            assertThat(line.at("/error_type").asText()).isEqualTo("java.lang.OutOfMemoryError");
            assertThat(line.at("/exit_code").asInt()).isEqualTo(2);
        }
        assertThat(outputFiles("data")).isEmpty();
    }
}
