package io.dativo.core;

import static io.dativo.core.testing.TestSupport.filesUnder;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Whole pipelines on real files: many small inputs pack into few outputs; two jobs share one target at once. */
class ManyFilesAndJobsTest {

    static final AssetDefinition EVENTS = AssetDefinition.of("events", List.of(
            FieldSpec.of("id", DataType.LONG, true), FieldSpec.of("region", DataType.STRING, false)));

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    /** Writes {@code files} CSV files of {@code rows} rows each under {@code folder}, ids from {@code first}. */
    private void writeCsv(String folder, int files, int rows, long first) throws Exception {
        Path in = Files.createDirectories(dir.resolve(folder));
        long id = first;
        for (int f = 0; f < files; f++) {
            StringBuilder csv = new StringBuilder("id,region\n");
            for (int r = 0; r < rows; r++, id++) {
                csv.append(id).append(',').append(id % 2 == 0 ? "eu" : "us").append('\n');
            }
            Files.writeString(in.resolve(String.format("part-%04d.csv", f)), csv);
        }
    }

    private Pipeline pipeline(String job, String glob) {
        SourceConfig source = new SourceConfig("csv", null, Map.of(), Map.of(), List.of(), List.of(), null,
                List.of(new FileSpec(glob, "events", null)), null, Map.of(), dir.toString());
        TargetConfig target = new TargetConfig("local", null, Map.of("path", "out"), Map.of(), Map.of(), "parquet",
                "snappy", List.of(), 128, "append", Map.of(), dir.toString());
        return Pipeline.builder().name(job).tenant("acme").asset(EVENTS).source(source).target(target)
                .parallelism(4).allocator(allocator).build();
    }

    private List<String> dataFiles() throws Exception {
        return filesUnder(dir.resolve("out")).stream().filter(p -> p.endsWith(".parquet")).toList();
    }

    private List<List<Object>> countAndDistinct() throws Exception {
        return DuckDb.query("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM read_parquet('"
                + dir.resolve("out") + "/**/*.parquet')");
    }

    @Test
    void aThousandSmallCsvFilesMakeAHandfulOfOutputFilesWithEveryRowOnce() throws Exception {
        writeCsv("in", 1_000, 3, 0);
        RunResult r = pipeline("many", "in/*.csv").run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.recordsWritten()).isEqualTo(3_000);
        assertThat(dataFiles()).as("small files are packed into splits, not written one each")
                .hasSameSizeAs(r.files()).hasSizeLessThan(10);
        assertThat(countAndDistinct()).containsExactly(List.of(3_000L, 3_000L, 0L, 2_999L));
    }

    @Test
    void twoJobsAppendingToOneAssetAtOnceBothSucceedWithEveryRowOnce() throws Exception {
        writeCsv("a", 20, 500, 0);
        writeCsv("b", 20, 500, 100_000);
        Pipeline first = pipeline("job_a", "a/*.csv");
        Pipeline second = pipeline("job_b", "b/*.csv");
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<RunResult> a = CompletableFuture.supplyAsync(() -> runAfter(together, first));
        CompletableFuture<RunResult> b = CompletableFuture.supplyAsync(() -> runAfter(together, second));
        RunResult ra = a.get(120, TimeUnit.SECONDS);
        RunResult rb = b.get(120, TimeUnit.SECONDS);
        assertThat(ra.status()).as(ra.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(rb.status()).as(rb.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(countAndDistinct()).containsExactly(List.of(20_000L, 20_000L, 0L, 109_999L));
        assertThat(DuckDb.query("SELECT count(*) FROM read_parquet('" + dir.resolve("out") + "/**/*.parquet') "
                + "WHERE id BETWEEN 0 AND 9999 OR id BETWEEN 100000 AND 109999")).containsExactly(List.of(20_000L));
        List<String> left = filesUnder(dir.resolve("out"));
        assertThat(left).as("no staged file and no run's staging folder left")
                .noneMatch(p -> p.contains(".dativo-pending") || p.contains("lease.json"))
                .allMatch(p -> !p.contains(".dativo-staging/") || p.contains(".dativo-staging/manifests/"));
        assertThat(left).as("each job's commits are recorded under its own name")
                .anyMatch(p -> p.contains("manifests/acme/job_a/")).anyMatch(p -> p.contains("manifests/acme/job_b/"));
    }

    private static RunResult runAfter(CyclicBarrier together, Pipeline pipeline) {
        try {
            together.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return pipeline.run();
    }
}
