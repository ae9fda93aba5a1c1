package io.dativo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.FileSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.testkit.LeakCheckedAllocator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The processor time a run reports by stage: each stage's own, none counted twice, validation's share. */
class StageCpuTest {

    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Measurement granularity between the threads' clocks and the process's. */
    static final Duration SLACK = Duration.ofMillis(50);

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    static final AssetDefinition TYPED = AssetDefinition.of("typed", List.of(FieldSpec.of("id", DataType.LONG, true),
            new FieldSpec("price", DataType.DECIMAL, true, null, null, 15, 2), FieldSpec.of("day", DataType.DATE, true),
            FieldSpec.of("note", DataType.STRING, false)));

    private TargetConfig target() {
        return new TargetConfig("local", null, Map.of("path", "out"), Map.of(), Map.of(), "parquet", "snappy",
                List.of(), 128, "append", Map.of(), dir.toString());
    }

    /** The stages' times are parts of the process's, all measured, none larger than it. */
    private static void consistent(RunResult.Cpu cpu) {
        assertThat(cpu.process()).isPositive();
        assertThat(cpu.reading().plus(cpu.validating()).plus(cpu.writing()))
                .isLessThanOrEqualTo(cpu.process().plus(SLACK));
        assertThat(cpu.validationShare()).isBetween(0.0, 1.0)
                .isCloseTo((double) cpu.validating().toNanos() / cpu.process().toNanos(), within(1e-9));
    }

    @Test
    void aTypedCsvRunReportsEachStagesProcessorTimeAndValidationsShare() throws Exception {
        StringBuilder csv = new StringBuilder("id,price,day,note\n");
        for (int i = 0; i < 60_000; i++) {
            csv.append(i).append(',').append(i % 997).append('.').append(i % 100).append(",2024-0")
                    .append(1 + i % 9).append('-').append(10 + i % 19).append(",n").append(i % 13).append('\n');
        }
        Files.writeString(dir.resolve("typed.csv"), csv);
        SourceConfig source = new SourceConfig("csv", null, Map.of(), Map.of(), List.of(), List.of(), null,
                List.of(new FileSpec("typed.csv", "typed", null)), null, Map.of(), dir.toString());
        RunResult r = Pipeline.builder().tenant("t").asset(TYPED).source(source).target(target())
                .allocator(allocator).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        RunResult.Cpu cpu = r.timings().cpu();
        consistent(cpu);
        assertThat(cpu.reading()).isPositive();
        assertThat(cpu.validating()).isPositive();
        assertThat(cpu.writing()).isPositive();
        assertThat(cpu.validationShare()).isPositive();
    }

    @Test
    void processorTimeSpentInTheReaderIsCountedAsReadingOnly() {
        Duration burn = Duration.ofMillis(300);
        SourceConfig source = new SourceConfig("busy", null, Map.of(), Map.of(), List.of(), List.of(), null,
                List.of(), null, Map.of(), dir.toString());
        AssetDefinition notes = AssetDefinition.of("notes", List.of(FieldSpec.of("note", DataType.STRING, false)));
        RunResult r = Pipeline.builder().tenant("t").asset(notes).source(source).target(target())
                .reader(() -> new BusyReader(burn)).allocator(allocator).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        RunResult.Cpu cpu = r.timings().cpu();
        consistent(cpu);
        assertThat(cpu.reading()).isGreaterThanOrEqualTo(burn);
        assertThat(cpu.validating()).isLessThan(burn);
        assertThat(cpu.writing()).isLessThan(burn);
        assertThat(cpu.process()).isGreaterThanOrEqualTo(burn);
    }

    @Test
    void earlierShapesOfTimingsCarryNoProcessorTime() {
        RunResult.Timings t = new RunResult.Timings(Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO,
                Duration.ZERO);
        assertThat(t.cpu()).isEqualTo(RunResult.Cpu.zero());
        assertThat(t.cpu().validationShare()).isZero();
        assertThat(RunResult.builder().build().timings().cpu()).isEqualTo(RunResult.Cpu.zero());
    }

    /** A reader that spends {@code burn} of its thread's processor time, then hands over one row. */
    private static final class BusyReader implements BaseReader {
        private final Duration burn;

        BusyReader(Duration burn) {
            this.burn = burn;
        }

        @Override
        public void open(SourceConfig source) {
        }

        @Override
        public void extract(ReadContext context, BatchSink sink) throws Exception {
            long end = THREADS.getCurrentThreadCpuTime() + burn.toNanos();
            long spin = 0;
            while (THREADS.getCurrentThreadCpuTime() < end) {
                spin++;
            }
            VarCharVector note = new VarCharVector("note", context.allocator());
            note.allocateNew(1);
            note.setSafe(0, ("spun " + (spin > 0)).getBytes());
            VectorSchemaRoot root = VectorSchemaRoot.of(note);
            root.setRowCount(1);
            sink.accept(new SourceBatch(root, "notes", "busy", new long[]{1}));
        }

        @Override
        public void close() {
        }
    }
}
