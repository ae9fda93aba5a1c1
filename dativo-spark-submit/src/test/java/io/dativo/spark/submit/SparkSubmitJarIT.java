package io.dativo.spark.submit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.testkit.DuckDb;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar for {@code spark-submit}, run as {@code spark-submit} runs it: its entry class in a JVM of its own with
 * Spark's jars first on the class path and the jar after them. Spark's jars are this build's (the test class path
 * without Dativo's modules and without what the jar bundles), so whatever the jar leaves to Spark must come from
 * Spark, and whatever else the job needs must be in the jar.
 */
class SparkSubmitJarIT {

    @TempDir
    Path dir;

    /** The names of the jar's entries. */
    private static Set<String> entries(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream().map(JarEntry::getName).collect(Collectors.toSet());
        }
    }

    /** True if the first class of the jar {@code file} is in {@code bundle}: the bundle holds that library. */
    private static boolean bundled(String file, Set<String> bundle) {
        try (JarFile j = new JarFile(file)) {
            return j.stream().map(JarEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class"))
                    .findFirst().map(bundle::contains).orElse(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This test's class path less Dativo's own modules and the libraries the jar bundles: Spark and its own. */
    private static String sparkClassPath(Set<String> bundle) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar"))
                .filter(e -> !e.contains(File.separator + "io" + File.separator + "dativo" + File.separator)
                        && !e.contains(File.separator + "target" + File.separator))
                .filter(e -> !bundled(e, bundle))
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void theJarRunsAJobWithSparksJarsBesideIt() throws Exception {
        Path jar = Path.of(System.getProperty("dativo.sparkSubmitJar"));
        assertThat(jar).exists();
        Set<String> bundle = entries(jar);
        assertThat(bundle).as("Dativo and its connectors are in the jar").contains(
                "io/dativo/spark/DativoSparkMain.class", "io/dativo/core/Pipeline.class",
                "org/postgresql/Driver.class", "software/amazon/awssdk/services/s3/S3Client.class",
                "org/apache/iceberg/Table.class");
        assertThat(bundle).as("what Spark ships is not").noneMatch(n -> n.startsWith("org/apache/spark/")
                || n.startsWith("org/apache/arrow/") || n.startsWith("org/apache/parquet/")
                || n.startsWith("com/fasterxml/jackson/core/") || n.startsWith("scala/"));

        Files.createDirectories(dir.resolve("data"));
        for (int f = 0; f < 2; f++) {
            StringBuilder csv = new StringBuilder("id,name\n");
            for (int i = f * 10_000; i < (f + 1) * 10_000; i++) {
                csv.append(i).append(",name-").append(i).append('\n');
            }
            Files.writeString(dir.resolve("data/part-" + f + ".csv"), csv);
        }
        Files.writeString(dir.resolve("rows.yaml"), """
                apiVersion: v3.0.2
                kind: DataContract
                name: rows
                version: "1.0"
                domain: test
                schema:
                  - {name: id, type: integer, required: true}
                  - {name: name, type: string}
                """);
        Files.writeString(dir.resolve("job.yaml"), """
                tenant_id: acme
                source_connector: csv
                target_connector: local
                asset_path: rows.yaml
                source:
                  files: [{path: data/*.csv, object: rows}]
                target:
                  connection:
                    path: ${OUT}
                  file_format: parquet
                """);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("dativo.sparkJvmFlags").trim().split("\\s+")));
        command.addAll(List.of("-Xmx1g", "-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-cp", sparkClassPath(bundle) + File.pathSeparator + jar,
                "io.dativo.spark.DativoSparkMain", dir.resolve("job.yaml").toString(), "OUT=" + dir.resolve("out")));
        Path log = dir.resolve("submit.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the run ends").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("20000 records read, 20000 written");
        assertThat(((Number) DuckDb.query("SELECT count(DISTINCT id) FROM "
                + DuckDb.parquet(dir.resolve("out") + "/**/*.parquet")).get(0).get(0)).longValue()).isEqualTo(20_000);
    }
}
