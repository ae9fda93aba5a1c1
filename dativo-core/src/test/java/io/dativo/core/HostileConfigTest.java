package io.dativo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dativo.api.ConfigException;
import io.dativo.api.ConfigProblem;
import io.dativo.core.config.JobLoader;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configuration files built to hurt: each is refused quickly with one problem naming the file, and where there is
 * one its line, and nothing runs.
 */
class HostileConfigTest {

    private static final String JOB = """
            tenant_id: acme
            asset_path: asset.yaml
            source_connector: csv
            target_connector: local
            source: {files: [{path: in.csv}]}
            target: {connection: {path: out}}
            """;

    @TempDir
    Path dir;

    /** A file of the corpus, or one written at test time because it is too large to keep. */
    interface Hostile {
        Path write(Path dir) throws Exception;
    }

    static Hostile resource(String name) {
        return dir -> {
            try (InputStream in = HostileConfigTest.class.getResourceAsStream("/hostile/config/" + name)) {
                Path file = dir.resolve(name);
                Files.copy(in, file);
                return file;
            }
        };
    }

    static Hostile generated(String name, String head, String repeated, long times, String tail) {
        return dir -> {
            Path file = dir.resolve(name);
            byte[] chunk = repeated.getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                out.write(head.getBytes(StandardCharsets.UTF_8));
                for (long i = 0; i < times; i++) {
                    out.write(chunk);
                }
                out.write(tail.getBytes(StandardCharsets.UTF_8));
            }
            return file;
        };
    }

    static Stream<Arguments> corpus() {
        int underLimit = (1 << 20) - 1024;
        return Stream.of(
                Arguments.of("alias-bomb.yaml", resource("alias-bomb.yaml"), 23, "bomb.pp",
                        "this value expands to more than 100000 values through aliases"),
                Arguments.of("billion-laughs.yaml", resource("billion-laughs.yaml"), 13, "laughs.f",
                        "this value expands to more than 100000 values through aliases"),
                Arguments.of("recursive-alias.yaml", resource("recursive-alias.yaml"), 7, "loop[0]",
                        "an alias refers to a mapping or list that contains it"),
                Arguments.of("random-bytes.yaml", resource("random-bytes.yaml"), 1, "",
                        "not a UTF-8 YAML file (byte 0x"),
                Arguments.of("plugin.jar", resource("plugin.jar"), 1, "",
                        "not a UTF-8 YAML file (it holds a NUL byte, so it is binary)"),
                Arguments.of("nul-byte.yaml", resource("nul-byte.yaml"), 7, "",
                        "not a UTF-8 YAML file (it holds a NUL byte, so it is binary)"),
                Arguments.of("utf16-with-bom.yaml", resource("utf16-with-bom.yaml"), 1, "",
                        "not a UTF-8 YAML file (it starts with a UTF-16 byte order mark; save it as UTF-8)"),
                Arguments.of("huge-scalar.yaml", generated("huge-scalar.yaml", JOB + "description: \"", "x".repeat(1024),
                        50 * 1024, "\"\n"), 0, "", "the file is larger than 1048576 bytes (1 MiB)"),
                Arguments.of("large-scalar.yaml", generated("large-scalar.yaml", JOB + "description: \"", "x",
                        underLimit, "\"\n"), 2, "asset_path", "data contract file not found"),
                Arguments.of("unclosed-references.yaml", generated("unclosed-references.yaml",
                        JOB + "description: \"", "${", underLimit / 2, "\"\n"), 7, "description",
                        "malformed variable reference in '${${"),
                Arguments.of("long-key.yaml", generated("long-key.yaml", JOB, "k", underLimit, ": 1\n"), 7,
                        "", "invalid YAML: while scanning a simple key, could not find expected ':'"),
                Arguments.of("deep-nesting.yaml", generated("deep-nesting.yaml", JOB + "deep: ", "[", 100_000,
                        "]".repeat(100_000) + "\n"), 0, "", "the YAML is nested more deeply than 200 levels"),
                Arguments.of("nesting.yaml", generated("nesting.yaml", JOB + "deep: ", "[", 300,
                        "]".repeat(300) + "\n"), 7, "deep", "the YAML is nested more deeply than 200 levels"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedQuicklyWithItsPlaceAndNothingRuns(String name, Hostile hostile, int line, String path,
                                                    String message) throws Exception {
        Path file = hostile.write(dir);
        long start = System.nanoTime();
        ConfigException e = catchThrowableOfType(() -> Pipeline.fromYaml(file, new JobLoader().withBaseDir(dir)
                .withSecretSource(n -> Optional.empty())).run(), ConfigException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("time to refuse %s", name).isLessThan(Duration.ofSeconds(15));
        assertThat(e).as("%s is refused as configuration", name).isNotNull();
        ConfigProblem problem = e.problems().stream().filter(p -> p.message().contains(message)).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no problem says '" + message + "' in " + e.problems()));
        assertThat(problem.file()).endsWith(name);
        assertThat(problem.line()).as("line of %s", problem).isEqualTo(line);
        assertThat(problem.path()).as("path of %s", problem).startsWith(path);
        assertThat(e.getMessage().length()).as("the message stays short").isLessThan(2000);
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(dir.resolve(".dativo")).doesNotExist();
    }
}
