package io.dativo.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.ValidationMode;
import io.dativo.core.testing.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerTest {

    @Test
    void twoPipelinesInOneJvmDoNotSeeEachOther() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "id\n" + "1\n".repeat(30_000));
        Files.writeString(dir.resolve("b.csv"), "id\n" + "2\n".repeat(20_000));
        java.util.function.Function<String, Pipeline> pipeline = name -> Pipeline.builder().name(name).tenant(name)
                .asset(AssetDefinition.of(name, List.of(FieldSpec.of("id", DataType.LONG, true))))
                .source(new SourceConfig("csv", null, Map.of(), Map.of(), List.of(), List.of(), null,
                        List.of(new FileSpec(name + ".csv", null, null)), null, Map.of("batch_size", 1000),
                        dir.toString()))
                .target(TargetConfig.local(dir.resolve("out-" + name).toString(), "parquet", List.of())).build();
        var a = java.util.concurrent.CompletableFuture.supplyAsync(() -> pipeline.apply("a").run());
        var b = java.util.concurrent.CompletableFuture.supplyAsync(() -> pipeline.apply("b").run());
        RunResult ra = a.get();
        RunResult rb = b.get();
        assertThat(ra.recordsWritten()).isEqualTo(30_000);
        assertThat(rb.recordsWritten()).isEqualTo(20_000);
        for (String name : List.of("a", "b")) {
            assertThat(TestSupport.duckdb("SELECT DISTINCT id FROM read_parquet('" + dir.resolve("out-" + name)
                    + "/**/*.parquet')")).containsExactly(List.of(name.equals("a") ? 1L : 2L));
        }
    }

    @TempDir
    Path dir;

    @Test
    void aListenerHearsEveryBatchWithCountsAndTheEnd() throws Exception {
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 0; i < 2500; i++) {
            csv.append(i % 1000 == 999 ? "x" : String.valueOf(i)).append('\n');
        }
        Files.writeString(dir.resolve("in.csv"), csv);
        List<String> events = new CopyOnWriteArrayList<>();
        RunListener listener = new RunListener() {
            public void runStarted(RunInfo run, OptionalLong estimate) {
                events.add("started " + run.job() + " estimate " + estimate.orElse(-1));
            }

            public void batchRead(RunInfo run, BatchStats b) {
                events.add("read " + b.records() + " invalid " + b.invalid() + " total " + b.totalRecords()
                        + (b.bytes() > 0 ? " bytes" : ""));
            }

            public void batchWritten(RunInfo run, BatchStats b) {
                events.add("written " + b.records() + " total " + b.totalRecords());
            }

            public void committed(RunInfo run, RunResult r) {
                events.add("committed " + r.recordsWritten() + " " + run.runId().equals(r.runId()));
            }
        };
        RunResult r = Pipeline.builder().name("listened").tenant("t").validationMode(ValidationMode.WARN)
                .asset(AssetDefinition.of("a", List.of(FieldSpec.of("id", DataType.LONG, true))))
                .source(new SourceConfig("csv", null, Map.of(), Map.of(), List.of(), List.of(), null,
                        List.of(new FileSpec("in.csv", null, null)), null, Map.of("batch_size", 1000), dir.toString()))
                .target(TargetConfig.local(dir.resolve("out").toString(), "parquet", List.of()))
                .listener(listener).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED_WITH_WARNINGS);
        assertThat(events.get(0)).startsWith("started listened estimate ");
        long estimate = Long.parseLong(events.get(0).substring(events.get(0).lastIndexOf(' ') + 1));
        assertThat(estimate).isBetween(2000L, 3000L);
        assertThat(events).contains("read 1000 invalid 1 total 1000 bytes", "read 1000 invalid 1 total 2000 bytes",
                "read 500 invalid 0 total 2500 bytes", "written 1000 total 1000", "written 500 total 2500");
        assertThat(events.get(events.size() - 1)).isEqualTo("committed 2500 true");
    }
}
