package io.dativo.core;

import static io.dativo.core.testing.TestSupport.duckdb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.ErrorKind;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.core.testing.TestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Splits on a bounded pool, and runs that stop: a failing split, cancel, interrupt, time limit, a reader slow to stop,
 * a stuck reader.
 */
class RunEngineTest {

    static final AssetDefinition IDS = AssetDefinition.of("ids", List.of(FieldSpec.of("id", DataType.LONG, true)));

    @TempDir
    Path dir;

    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    private Pipeline.Builder pipeline(String out, RangeReader.Behaviour behaviour, InMemoryStateStore store) {
        SourceConfig source = new SourceConfig("range", null, Map.of(), Map.of(), List.of(), List.of(), null,
                List.of(), new IncrementalSpec("cursor", "id", 0, null), Map.of(), dir.toString());
        return Pipeline.builder().name("ranges").tenant("acme").asset(IDS).source(source)
                .target(TargetConfig.local(dir.resolve(out).toString(), "parquet", List.of()))
                .reader(() -> new RangeReader(behaviour)).stateStore(store).allocator(allocator);
    }

    private Set<Long> ids(String out) throws Exception {
        Set<Long> ids = new HashSet<>();
        for (List<Object> row : duckdb("SELECT id FROM read_parquet('" + dir.resolve(out) + "/**/*.parquet')")) {
            ids.add((Long) row.get(0));
        }
        return ids;
    }

    /** Files a reader of the target would see: no staging, no pending files, nothing hidden. */
    private List<String> visible(String out) throws Exception {
        return TestSupport.filesUnder(dir.resolve(out)).stream()
                .filter(p -> Path.of(p).getNameCount() > 0)
                .filter(p -> { for (Path part : Path.of(p)) {
                        if (part.toString().startsWith(".") || part.toString().startsWith("_")) {
                            return false;
                        }
                    }
                    return true; })
                .toList();
    }

    private List<String> staged(String out) throws Exception {
        return TestSupport.filesUnder(dir.resolve(out)).stream()
                .filter(p -> p.contains(".dativo-staging") || p.contains("pending")).toList();
    }

    @Test
    void eightSplitsAtParallelismFourYieldExactlyTheRecordsOfAWholeRead() throws Exception {
        InMemoryStateStore splitState = new InMemoryStateStore();
        RunResult split = pipeline("split", RangeReader.Behaviour.of(10_000, 8), splitState).parallelism(4).build()
                .run();
        RunResult whole = pipeline("whole", RangeReader.Behaviour.of(10_000, 1), new InMemoryStateStore()).build()
                .run();
        assertThat(split.status()).as(split.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(whole.status()).as(whole.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(split.recordsRead()).isEqualTo(10_000);
        assertThat(split.recordsWritten()).isEqualTo(10_000);
        assertThat(split.bytesRead()).as("at least the 8-byte ids").isGreaterThanOrEqualTo(80_000);
        double seconds = split.timings().total().toNanos() / 1e9;
        assertThat(split.throughput().recordsPerSecond()).isCloseTo(10_000 / seconds, within(1e-6));
        assertThat(split.throughput().megabytesPerSecond()).isCloseTo(split.bytesRead() / 1e6 / seconds,
                within(1e-9));
        assertThat(RunResult.builder().build().throughput()).isEqualTo(new RunResult.Throughput(0, 0));
        assertThat(ids("split")).hasSize(10_000).isEqualTo(ids("whole"));
        assertThat(duckdb("SELECT count(*) FROM read_parquet('" + dir.resolve("split") + "/**/*.parquet')"))
                .as("no record twice").containsExactly(List.of(10_000L));
        assertThat(split.stateAfter()).as("the splits' proposals merged: the highest id")
                .isEqualTo(Map.of("ids", Map.of("max", 9_999L)));
        assertThat(whole.stateAfter()).isEqualTo(split.stateAfter());
    }

    @Test
    void aFailingSplitFailsTheRunStopsTheOthersAndCommitsNothing() throws Exception {
        InMemoryStateStore store = new InMemoryStateStore();
        RangeReader.Behaviour failing = new RangeReader.Behaviour(40_000, 8, "range-5", 5, false, null);
        long t0 = System.nanoTime();
        RunResult r = pipeline("out", failing, store).parallelism(4).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("split range-5 lost its connection");
        assertThat(r.failureKind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(r.recordsWritten()).isZero();
        assertThat(r.files()).isEmpty();
        assertThat(visible("out")).as("no visible data").isEmpty();
        assertThat(staged("out")).as("staged fragments aborted").isEmpty();
        assertThat(store.list("acme", "ranges")).as("state did not move").isEmpty();
        assertThat(r.recordsRead()).as("the other splits stopped early").isLessThan(40_000);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }

    private static RangeReader.Behaviour endless() {
        return new RangeReader.Behaviour(1_000_000, 4, null, 10, true, null);
    }

    /** Waits until the run has written a few batches, so that it has staged output to remove. */
    private static RunListener writing(CountDownLatch written) {
        return new RunListener() {
            @Override
            public void batchWritten(RunInfo run, BatchStats batch) {
                written.countDown();
            }
        };
    }

    private void assertStoppedCleanly(RunResult r, RunStatus status, long stopNanos) throws Exception {
        assertThat(Duration.ofNanos(System.nanoTime() - stopNanos)).as("ended within 5 s")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(r.status()).as(r.error()).isEqualTo(status);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.failureKind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(r.recordsRead()).isPositive();
        assertThat(r.files()).isEmpty();
        assertThat(visible("out")).as("nothing committed").isEmpty();
        assertThat(staged("out")).as("staged files removed").isEmpty();
    }

    @Test
    void cancellingThroughTheHandleStopsWithinSecondsAndCommitsNothing() throws Exception {
        CountDownLatch written = new CountDownLatch(5);
        RunHandle handle = pipeline("out", endless(), new InMemoryStateStore()).parallelism(2)
                .listener(writing(written)).build().start();
        assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(handle.isDone()).isFalse();
        long t0 = System.nanoTime();
        handle.cancel();
        RunResult r = handle.await(Duration.ofSeconds(10)).orElseThrow();
        assertStoppedCleanly(r, RunStatus.CANCELLED, t0);
        assertThat(handle.isDone()).isTrue();
    }

    @Test
    void interruptingTheThreadInRunCancelsIt() throws Exception {
        CountDownLatch written = new CountDownLatch(5);
        Pipeline p = pipeline("out", endless(), new InMemoryStateStore()).listener(writing(written)).build();
        AtomicReference<RunResult> result = new AtomicReference<>();
        AtomicReference<Boolean> interruptKept = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            result.set(p.run());
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        caller.interrupt();
        caller.join(10_000);
        assertThat(caller.isAlive()).isFalse();
        assertStoppedCleanly(result.get(), RunStatus.CANCELLED, t0);
        assertThat(interruptKept.get()).as("the caller's interrupt flag is kept").isTrue();
    }

    @Test
    void aRunOutOfTimeEndsAsTimedOut() throws Exception {
        long t0 = System.nanoTime();
        RunResult r = pipeline("out", endless(), new InMemoryStateStore()).timeout(Duration.ofSeconds(2)).build()
                .run();
        assertStoppedCleanly(r, RunStatus.TIMED_OUT, t0 + TimeUnit.SECONDS.toNanos(2));
        assertThat(r.error()).contains("ran out of time");
    }

    @Test
    void aReaderThatIgnoresInterruptsIsAbandonedReportedAndItsMemoryReleasedWhenItReturns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RangeReader.Behaviour stuck = new RangeReader.Behaviour(1_000, 1, null, 0, false, release);
        long t0 = System.nanoTime();
        RunResult r = pipeline("out", stuck, new InMemoryStateStore()).timeout(Duration.ofSeconds(1)).build().run();
        assertStoppedCleanly(r, RunStatus.TIMED_OUT, t0 + TimeUnit.SECONDS.toNanos(1));
        assertThat(r.warnings()).singleElement().asString().contains("ignored cancellation and was abandoned");
        assertThat(allocator.getChildAllocators()).as("the abandoned reader still holds its allocator").isNotEmpty();
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!allocator.getChildAllocators().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(allocator.getChildAllocators()).as("released once the reader returned").isEmpty();
        assertThat(allocator.getAllocatedMemory()).isZero();
    }

    /**
     * A reader busy with a batch when the run stops: it notices the interrupt only 300 ms later, then hands the batch
     * over (which the sink owns from then on, whether it takes it or not) and returns, well within the grace period.
     */
    static final class SlowToStopReader implements BaseReader {
        final CountDownLatch busy = new CountDownLatch(1);
        final AtomicLong handedOverAt = new AtomicLong();

        @Override
        public void open(SourceConfig source) {
        }

        @Override
        public void extract(ReadContext context, BatchSink sink) throws Exception {
            for (long id = 0; ; id += 100) {
                BigIntVector ids = new BigIntVector("id", context.allocator());
                ids.allocateNew(100);
                for (int i = 0; i < 100; i++) {
                    ids.set(i, id + i);
                }
                ids.setValueCount(100);
                VectorSchemaRoot root = VectorSchemaRoot.of(ids);
                root.setRowCount(100);
                if (id == 500) {
                    busy.countDown();
                    // a computation that does not look at interrupts, noticing the stop late
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.onSpinWait();
                    }
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    handedOverAt.set(System.nanoTime());
                }
                sink.accept(SourceBatch.of(root, "ids", "range"));
            }
        }
    }

    @Test
    void aRunReturnsOnlyAfterAReaderSlowToStopHasReleasedItsBatch() throws Exception {
        SlowToStopReader reader = new SlowToStopReader();
        RunHandle handle = pipeline("out", RangeReader.Behaviour.of(1, 1), new InMemoryStateStore())
                .reader(() -> reader).build().start();
        assertThat(reader.busy.await(30, TimeUnit.SECONDS)).isTrue();
        handle.cancel();
        RunResult r = handle.await(Duration.ofSeconds(10)).orElseThrow();
        long returnedAt = System.nanoTime();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.CANCELLED);
        assertThat(reader.handedOverAt.get()).as("the reader handed its last batch over").isPositive();
        assertThat(returnedAt).as("the run returned after that").isGreaterThan(reader.handedOverAt.get());
        assertThat(r.warnings()).as("a reader that stopped in time is not abandoned").isEmpty();
        assertThat(allocator.getAllocatedMemory()).as("every batch released when the run returned").isZero();
        assertThat(allocator.getChildAllocators()).isEmpty();
    }

    @Test
    void everyAttemptAndEverySplitGetsAFreshReader() throws Exception {
        AtomicInteger made = new AtomicInteger();
        RunResult r = pipeline("out", RangeReader.Behaviour.of(1_000, 8), new InMemoryStateStore())
                .reader(() -> {
                    made.incrementAndGet();
                    return new RangeReader(RangeReader.Behaviour.of(1_000, 8));
                }).parallelism(3).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(made.get()).as("one planner and one reader per split").isEqualTo(9);
    }
}
