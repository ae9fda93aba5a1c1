package io.dativo.core;

import io.dativo.api.ErrorKind;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.StateStore;
import io.dativo.core.config.JobSpec;
import io.dativo.core.config.Masker;
import io.dativo.core.run.Attempt;
import io.dativo.core.run.Cancellation;
import io.dativo.core.run.CpuTimes;
import io.dativo.core.run.MdcScope;
import io.dativo.core.run.RetryPolicy;
import io.dativo.core.run.RunEvents;
import io.dativo.core.run.RunExecution;
import io.dativo.core.run.RunSetup;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The attempts of one run: sets up what the run owns, runs an attempt, tells the listeners, retries what the retry
 * policy allows, waits between attempts (a cancelled run stops waiting), and logs the outcome once.
 */
final class RunLoop {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** How long a stopping split waits for its stages before it abandons them. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final JobSpec spec;
    private final FailureMasking masking;
    private final List<RunListener> listeners;

    RunLoop(JobSpec spec, FailureMasking masking, List<RunListener> listeners) {
        this.spec = spec;
        this.masking = masking;
        this.listeners = listeners;
    }

    /**
     * Runs {@code spec} once with {@code parts}: the run's own thread pool and state store, when the host gives none,
     * live for this run and are closed after it. Its splits are run by {@code distributed} when that is not
     * {@code null}, planned for {@code parallelism} splits at once.
     */
    private static RunResult execute(JobSpec spec, Masker masker, PipelineParts parts, Cancellation cancellation,
                             RunExecution.Distributed distributed, int parallelism) {
        Instant started = Instant.now();
        RunLoop loop = new RunLoop(spec, new FailureMasking(masker), parts.listeners());
        ExecutorService own = parts.executor() == null ? Executors.newCachedThreadPool(PipelineParts::daemon) : null;
        boolean incremental = incremental(spec);
        StateStore owned = null;
        try {
            owned = incremental && parts.stateStore() == null ? new PipelineState(spec, masker, parts).store() : null;
            StateStore store = incremental ? (owned != null ? owned : parts.stateStore()) : null;
            return loop.run(events -> new RunSetup(spec, Connectors.readers(parts.reader(), spec.source()),
                    Connectors.writers(parts.writer(), spec.target()), parts.oneReader(), parts.oneWriter(),
                    parts.allocator(), parts.allocatorLimit(), store, own != null ? own : parts.executor(),
                    parallelism, STOP_GRACE, parts.claimOptions(), events, masker), cancellation, distributed);
        } catch (Throwable t) {
            return loop.failed(t, started);
        } finally {
            if (own != null) {
                own.shutdown();
            }
            PipelineParts.closeQuietly(owned, masker);
        }
    }

    /** True if {@code spec} keeps incremental state. */
    static boolean incremental(JobSpec spec) {
        IncrementalSpec inc = spec.source().incremental();
        return inc != null && !"full_refresh".equals(inc.strategy());
    }

    /** Starts {@code spec} on a thread of its own, with its time limit, and returns the handle to the run. */
    static RunHandle start(JobSpec spec, Masker masker, PipelineParts parts) {
        return start(spec, masker, parts, null, spec.effectiveParallelism());
    }

    /**
     * Starts {@code spec} as {@link #start(JobSpec, Masker, PipelineParts)} does, its splits run by
     * {@code distributed} when that is not {@code null}, planned for {@code parallelism} splits at once.
     */
    static RunHandle start(JobSpec spec, Masker masker, PipelineParts parts, RunExecution.Distributed distributed,
                           int parallelism) {
        Cancellation cancellation = new Cancellation();
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        Thread runner = new Thread(() -> result.complete(execute(spec, masker, parts, cancellation, distributed,
                parallelism)), "dativo-run-" + spec.name());
        runner.start();
        Duration timeout = parts.timeout() != null ? parts.timeout()
                : spec.timeoutSeconds() > 0 ? Duration.ofSeconds(spec.timeoutSeconds()) : null;
        if (timeout != null) {
            CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS)
                    .execute(() -> cancellation.cancel(Cancellation.Reason.TIMED_OUT));
        }
        return new RunHandle(spec.name(), cancellation, result);
    }

    /**
     * The run's id: its start time and 32 random bits in hex. The bits come from {@link ThreadLocalRandom}, seeded
     * from the clocks: a run id only has to differ from other runs' ids, and the first {@code SecureRandom} of a
     * process (which {@code UUID.randomUUID()} would create) costs a small job over 10 ms of its start.
     */
    static String newRunId(Instant at) {
        long bits = ThreadLocalRandom.current().nextInt() & 0xffff_ffffL;
        return RUN_ID.format(at) + "-" + Long.toHexString(bits | 0x1_0000_0000L).substring(1);
    }

    /**
     * Runs the attempts; {@code setups} makes each attempt's setup from the events it reports to, and
     * {@code distributed}, when not {@code null}, runs their splits.
     */
    RunResult run(Function<RunEvents, RunSetup> setups, Cancellation cancellation,
                  RunExecution.Distributed distributed) {
        RetryPolicy policy = new RetryPolicy(spec.retry());
        RunResult result;
        int attempt = 1;
        while (true) {
            String runId = newRunId(Instant.now());
            RunListener.RunInfo info = new RunListener.RunInfo(runId, spec.tenantId(), spec.name(),
                    spec.asset().name(), attempt);
            Attempt a;
            try (MdcScope ignored = MdcScope.open(spec.tenantId(), spec.name(), spec.asset().name(), runId)) {
                LOG.info("run {} of job {} (tenant {}, asset {}) started{}", runId, spec.name(), spec.tenantId(),
                        spec.asset().name(), attempt > 1 ? ", attempt " + attempt : "");
                a = new RunExecution(setups.apply(events(info)), runId, attempt, cancellation, distributed)
                        .execute();
            }
            result = result(a);
            RunResult finished = result;
            tell(l -> {
                if (finished.succeeded()) {
                    l.committed(info, finished);
                } else {
                    l.failed(info, finished);
                }
            });
            if (result.succeeded() || a.stopped() != null || !policy.shouldRetry(attempt, a.failure())) {
                break;
            }
            Duration delay = policy.delay(attempt);
            LOG.warn("run {} of job {}: attempt {} failed ({}); retrying in {} s", runId, spec.name(), attempt,
                    result.error(), delay.toMillis() / 1000.0);
            if (cancellation.await(delay)) {
                Cancellation.Reason why = cancellation.reason().orElseThrow();
                result = result.toBuilder().status(status(why)).failureKind(ErrorKind.CANCELLED)
                        .error(Cancellation.exception(why, runId).getMessage()).build();
                break;
            }
            attempt++;
        }
        log(result);
        return result;
    }

    /** The result of a run that failed before any attempt could start. */
    RunResult failed(Throwable failure, Instant started) {
        Throwable masked = masking.mask(failure);
        RunResult r = RunResult.builder().status(RunStatus.FAILED).runId(newRunId(started)).jobName(spec.name())
                .tenantId(spec.tenantId()).startedAt(started).finishedAt(Instant.now())
                .error(masking.message(failure)).failure(masked).build();
        log(r);
        return r;
    }

    private RunResult result(Attempt a) {
        long invalid = a.validation().invalidRecords();
        RunResult.Builder b = RunResult.builder().runId(a.runId()).jobName(spec.name()).tenantId(spec.tenantId())
                .recordsRead(a.recordsRead()).bytesRead(a.bytesRead()).recordsValid(a.recordsRead() - invalid)
                .recordsInvalid(invalid)
                .validation(a.validation()).startedAt(a.startedAt()).finishedAt(a.finishedAt())
                .timings(new RunResult.Timings(Duration.between(a.startedAt(), a.finishedAt()), a.waiting(),
                        a.writing(), a.committing(), cpu(a.cpu())))
                .stateBefore(a.stateBefore()).stateAfter(a.stateAfter()).attempts(a.attempt())
                .warnings(masking.masker().mask(a.warnings()));
        if (a.committed()) {
            return b.status(invalid > 0 ? RunStatus.SUCCEEDED_WITH_WARNINGS : RunStatus.SUCCEEDED)
                    .recordsWritten(a.recordsWritten()).files(a.files()).build();
        }
        Throwable masked = masking.mask(a.failure());
        return b.status(a.stopped() == null ? RunStatus.FAILED : status(a.stopped()))
                .error(masking.message(a.failure())).failure(masked)
                .failureKind(a.stopped() == null ? null : ErrorKind.CANCELLED).build();
    }

    private static RunResult.Cpu cpu(CpuTimes t) {
        return new RunResult.Cpu(Duration.ofNanos(t.reading()), Duration.ofNanos(t.validating()),
                Duration.ofNanos(t.writing()), Duration.ofNanos(t.process()));
    }

    private static RunStatus status(Cancellation.Reason why) {
        return why == Cancellation.Reason.TIMED_OUT ? RunStatus.TIMED_OUT : RunStatus.CANCELLED;
    }

    private RunEvents events(RunListener.RunInfo info) {
        return new RunEvents() {
            @Override
            public void started(OptionalLong estimate) {
                tell(l -> l.runStarted(info, estimate));
            }

            @Override
            public void batchRead(String object, long records, long bytes, long invalid, long totalRecords,
                                  long totalBytes, Duration elapsed) {
                RunListener.BatchStats s = new RunListener.BatchStats(object, records, bytes, invalid, totalRecords,
                        totalBytes, elapsed);
                tell(l -> l.batchRead(info, s));
            }

            @Override
            public void batchWritten(String object, long records, long bytes, long invalid, long totalRecords,
                                     long totalBytes, Duration elapsed) {
                RunListener.BatchStats s = new RunListener.BatchStats(object, records, bytes, invalid, totalRecords,
                        0, elapsed);
                tell(l -> l.batchWritten(info, s));
            }
        };
    }

    private void tell(Consumer<RunListener> event) {
        for (RunListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed: {}", l.getClass().getName(), masking.masker().describe(e));
            }
        }
    }

    private void log(RunResult result) {
        try (MdcScope ignored = MdcScope.open(spec.tenantId(), spec.name(), spec.asset().name(), result.runId())) {
            LoggingEventBuilder event = (result.succeeded() ? LOG.atInfo() : LOG.atError())
                    .addKeyValue("status", result.status().name().toLowerCase(Locale.ROOT))
                    .addKeyValue("records_read", result.recordsRead())
                    .addKeyValue("records_valid", result.recordsValid())
                    .addKeyValue("records_invalid", result.recordsInvalid())
                    .addKeyValue("records_written", result.recordsWritten())
                    .addKeyValue("files", result.files().size())
                    .addKeyValue("duration_ms", result.timings().total().toMillis())
                    .addKeyValue("attempts", result.attempts());
            if (!result.validation().errorsByField().isEmpty()) {
                event = event.addKeyValue("errors_by_field", new TreeMap<>(result.validation().errorsByField()));
            }
            if (!result.warnings().isEmpty()) {
                event = event.addKeyValue("warnings", result.warnings());
            }
            if (result.succeeded()) {
                event.log("run {} of job {} {}: {} records read, {} valid, {} invalid, {} written to {} files in {} ms",
                        result.runId(), spec.name(), result.status() == RunStatus.SUCCEEDED ? "succeeded"
                                : "succeeded with warnings", result.recordsRead(), result.recordsValid(),
                        result.recordsInvalid(), result.recordsWritten(), result.files().size(),
                        result.timings().total().toMillis());
            } else {
                event.log("run {} of job {} {} after {} records read: {}", result.runId(), spec.name(),
                        result.status().name().toLowerCase(Locale.ROOT).replace('_', ' '), result.recordsRead(),
                        result.error());
            }
        }
    }
}
