package io.dativo.core;

import static io.dativo.core.testing.TestSupport.duckdb;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.core.config.JobLoader;
import io.dativo.core.connector.file.FileTargetWriter;
import io.dativo.core.internal.ArrowSupport;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.core.testing.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM running a job is killed with SIGKILL while writing; the next run completes with nothing lost or doubled. */
class KillTest {

    static final int FILES = 20;
    static final int ROWS = 50_000;

    @TempDir
    Path dir;

    /** Runs the job in {@code args[0]} with base directory {@code args[1]}, in a JVM the test kills. */
    public static void main(String[] args) {
        RunResult r = Pipeline.fromYaml(Path.of(args[0]), new JobLoader().withBaseDir(Path.of(args[1]))).run();
        System.exit(r.succeeded() ? 0 : 2);
    }

    @Test
    void killedWhileWritingThenRunAgainHoldsEveryRecordExactlyOnce() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        for (int f = 0; f < FILES; f++) {
            StringBuilder csv = new StringBuilder("id,file\n");
            for (int i = 0; i < ROWS; i++) {
                csv.append(f * ROWS + i).append(",f").append(f).append('\n');
            }
            Files.writeString(dir.resolve("in/part-" + String.format("%02d", f) + ".csv"), csv);
        }
        Files.writeString(dir.resolve("asset.yaml"), """
                name: ids
                schema:
                  - {name: id, type: integer, required: true}
                  - {name: file, type: string, required: true}
                """);
        Path job = dir.resolve("job.yaml");
        Files.writeString(job, """
                tenant_id: acme
                source_connector: csv
                target_connector: local
                asset_path: asset.yaml
                source:
                  files: [{path: "in/*.csv", object: ids}]
                  incremental: {strategy: file_modified_time, state_path: state}
                  engine: {options: {batch_size: 2000}}
                target:
                  connection: {path: out}
                  target_file_size_mb: 1
                """);

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), ArrowSupport.FLAG, "-cp",
                System.getProperty("java.class.path"), KillTest.class.getName(), job.toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Path staging = dir.resolve("out/ids");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stagedParquetFiles(staging) < 3 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(child.isAlive()).as("the child is still writing when it is killed").isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(stagedParquetFiles(staging)).as("it had staged output").isPositive();

        try (LeakCheckedAllocator allocator = new LeakCheckedAllocator()) {
            RunResult again = Pipeline.fromYaml(job, new JobLoader().withBaseDir(dir)).withAllocator(allocator).run();
            assertThat(again.status()).as(again.error()).isEqualTo(RunStatus.SUCCEEDED);
        }
        long total = (long) FILES * ROWS;
        assertThat(duckdb("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM read_parquet('"
                + dir.resolve("out/ids") + "/**/*.parquet')")).containsExactly(List.of(total, total, 0L, total - 1));
        assertThat(duckdb("SELECT file, count(*) FROM read_parquet('" + dir.resolve("out/ids")
                + "/**/*.parquet') GROUP BY file HAVING count(*) <> " + ROWS)).isEmpty();
        assertThat(stagedParquetFiles(staging)).as("the killed run's staged files are gone").isZero();
        assertThat(TestSupport.filesUnder(staging)).as("and its lease").noneMatch(p -> p.contains("lease.json"))
                .noneMatch(p -> p.startsWith(FileTargetWriter.STAGING_DIR) && !p.contains("/manifests/"));
        try (LeakCheckedAllocator allocator = new LeakCheckedAllocator()) {
            RunResult third = Pipeline.fromYaml(job, new JobLoader().withBaseDir(dir)).withAllocator(allocator).run();
            assertThat(third.recordsRead()).as("state covers every file").isZero();
        }
    }

    private static long stagedParquetFiles(Path staging) throws Exception {
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(staging)) {
            return s.filter(p -> p.toString().endsWith(".parquet.dativo-pending")).count();
        }
    }
}
