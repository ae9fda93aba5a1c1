package io.dativo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.FileMetadata;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.config.JobLoader;
import io.dativo.examples.writer.TableManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples run as documented. */
class ExamplesTest {

    @TempDir
    Path out;

    @Test
    void theQuickstartJobWritesEveryOrder() {
        RunResult r = Pipeline.fromYaml(Path.of("quickstart/job.yaml"), new JobLoader()
                .withBaseDir(Path.of("quickstart")).withVariables(Map.of("DATIVO_OUT", out.toString()))).run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.recordsWritten()).isEqualTo(5);
        assertThat(r.files()).singleElement().satisfies(f -> assertThat(f.path()).startsWith(out.toString()));
    }

    @Test
    void thePluginJarIsLoadedByPathFromAJob() throws Exception {
        Path job = Path.of("plugin-job/job.yaml");
        String yaml = Files.readString(job).replace("path: out", "path: " + out);
        Path copy = Files.writeString(out.resolve("job.yaml"), yaml);
        RunResult r = Pipeline.fromYaml(copy, new JobLoader().withBaseDir(Path.of("plugin-job"))).run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.recordsWritten()).isEqualTo(1000);
        Map<String, Long> byLabel = r.files().stream().collect(Collectors.groupingBy(
                f -> f.partitionValues().get("label"), Collectors.summingLong(FileMetadata::recordCount)));
        assertThat(byLabel).containsEntry("even", 500L).containsEntry("odd", 500L);
    }

    @Test
    void onTheClasspathThePluginIsFoundByConnectorType() throws Exception {
        String yaml = Files.readString(Path.of("plugin-job/job.yaml")).replace("path: out", "path: " + out)
                .replaceAll("  custom_reader: .*\n", "").replace("tenant_id: acme", "tenant_id: acme\n"
                        + "source_connector: sequence");
        Path copy = Files.writeString(out.resolve("by-type.yaml"), yaml);
        Pipeline p = Pipeline.fromYaml(copy, new JobLoader().withBaseDir(Path.of("plugin-job")));
        assertThat(p.check().source().message()).isEqualTo("sequence of 1000 numbers");
        assertThat(p.discover()).singleElement().satisfies(o -> assertThat(o.name()).isEqualTo("squares"));
        assertThat(p.run().recordsWritten()).isEqualTo(1000);
    }

    /** The reader job with its target replaced by the example writer: {@code writer} is a type or custom_writer. */
    private Path writerJob(String name, String writer) throws Exception {
        String yaml = Files.readString(Path.of("plugin-job/job.yaml")).replace("target_connector: local\n", writer)
                .replace("  connection:\n    path: out\n  partitioning: [label]\n", "  connection:\n    path: " + out
                        + "\n");
        return Files.writeString(out.resolve(name), yaml);
    }

    /** Every line of the data files the example writer's manifest log lists: what a reader of its table reads. */
    private void assertWrittenByTheExampleWriter(RunResult r) throws Exception {
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        long lines = 0;
        for (Path f : new TableManifest(out).committedFiles()) {
            lines += Files.readAllLines(f).size();
        }
        assertThat(lines).isEqualTo(1000);
        assertThat(out.resolve("_manifest/00000001.tsv")).exists();
    }

    @Test
    void theWriterJarIsLoadedByPathFromAJob() throws Exception {
        Path job = writerJob("writer-by-path.yaml", "");
        String yaml = Files.readString(job).replace("target:\n", "target:\n  custom_writer: "
                + "../plugin-writer/target/dativo-example-writer.jar:io.dativo.examples.writer.TextManifestWriter\n");
        Files.writeString(job, yaml);
        assertWrittenByTheExampleWriter(Pipeline.fromYaml(job, new JobLoader().withBaseDir(Path.of("plugin-job")))
                .run());
    }

    @Test
    void onTheClasspathTheWriterIsFoundByConnectorType() throws Exception {
        Path job = writerJob("writer-by-type.yaml", "target_connector: tsv-manifest\n");
        Pipeline p = Pipeline.fromYaml(job, new JobLoader().withBaseDir(Path.of("plugin-job")));
        assertThat(p.check().target().success()).isTrue();
        assertWrittenByTheExampleWriter(p.run());
    }
}
