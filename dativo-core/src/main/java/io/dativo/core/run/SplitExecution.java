package io.dativo.core.run;

import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.ReadSplit;
import io.dativo.api.RejectedRecord;
import io.dativo.api.SourceBatch;
import io.dativo.api.SplitWriter;
import io.dativo.api.ValidationMode;
import io.dativo.api.WriteFragment;
import io.dativo.core.config.JobSpec;
import io.dativo.core.plugin.Plugins;
import io.dativo.core.validate.ValidationError;
import io.dativo.core.validate.ValidationFailedException;
import io.dativo.core.validate.ValidationSummary;
import io.dativo.core.validate.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One split, read, validated and written: a fresh reader on a stage thread, validation on another, writing on the
 * calling thread, joined by hand-offs of {@value #DEPTH} batches. The split has its own allocator, validator, reader
 * and split writer; it shares with the rest of the run only its {@link ReadSplit} going in and its {@link SplitOutcome}
 * coming out. On failure or cancellation it aborts what it staged and waits for its stages to stop before it
 * releases their memory; a stage that does not stop within the grace period is abandoned on its thread, and its
 * memory is released when it returns.
 */
final class SplitExecution {

    private static final Logger LOG = LoggerFactory.getLogger(SplitExecution.class);
    /**
     * One batch waiting between two stages, beside the one each stage has in hand, keeps all three threads busy; a
     * second waiting batch per hand-off held two more batches of Arrow memory per split (about 70 MB at the peak of a
     * two-split lineitem CSV run) and measured no faster.
     */
    static final int DEPTH = 1;
    private static final int REJECTS_PER_FILE = 10_000;

    private final AttemptScope scope;
    private final ReadSplit split;
    private final JobSpec spec;
    private final Handoff<SourceBatch> raw = new Handoff<>(DEPTH, b -> b.root().close());
    private final Handoff<Validator.Outcome> valid = new Handoff<>(DEPTH, o -> o.valid().close());
    private volatile Stage reading;
    private volatile Stage validating;
    /**
     * Processor time of the reader's thread and of the validation calls, each written by its stage's thread only and
     * read once the stage is joined.
     */
    private long readCpu;
    private long validateCpu;
    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();

    SplitExecution(AttemptScope scope, ReadSplit split) {
        this.scope = scope;
        this.split = split;
        this.spec = scope.setup().spec();
    }

    SplitOutcome call() throws Throwable {
        BufferAllocator alloc = scope.root().newChildAllocator("split-" + split.id(), 0, Long.MAX_VALUE);
        Validator validator = new Validator(spec.asset(), spec.validationMode(), alloc);
        Plugins.Loaded<BaseReader> reader = null;
        Plugins.Loaded<BaseWriter> ownWriter = null;
        SplitWriter out = null;
        boolean gateHeld = false;
        Throwable failure = null;
        AutoCloseable hook = scope.cancellation().onCancel(this::stop);
        long writeCpu = CpuTimes.threadNow();
        SplitOutcome outcome = null;
        try {
            reader = scope.setup().readers().get();
            BaseReader in = reader.instance();
            in.open(spec.source());
            RunContexts.Read ctx = new RunContexts.Read(alloc, spec.asset(), RunContexts.batchSize(spec.source()),
                    scope.runId(), scope.cancellation(), scope.state(), split, scope.setup().parallelism(),
                    Math.max(1, spec.target().targetFileSizeMb()) << 20);
            String name = scope.runId() + "-" + split.id();
            reading = Stage.start(scope.setup().executor(), "dativo-read-" + name, () -> readAll(in, ctx));
            validating = Stage.start(scope.setup().executor(), "dativo-validate-" + name, () -> validateAll(validator));
            if (scope.cancellation().isCancelled()) {
                stop();
            }
            List<RejectedRecord> rejects = new ArrayList<>();
            long waitNanos = 0;
            long writeNanos = 0;
            long written = 0;
            while (true) {
                long t0 = System.nanoTime();
                Handoff.Item<Validator.Outcome> item = valid.take();
                waitNanos += System.nanoTime() - t0;
                if (item instanceof Handoff.Failure<Validator.Outcome> f) {
                    throw f.cause();
                }
                if (item instanceof Handoff.End<Validator.Outcome>) {
                    break;
                }
                Validator.Outcome o = ((Handoff.Value<Validator.Outcome>) item).value();
                long t1 = System.nanoTime();
                long rows;
                long bytes;
                try (VectorSchemaRoot batch = o.valid()) {
                    if (out == null) {
                        if (scope.sharedWriter() != null) {
                            gateHeld = acquireGate();
                            out = scope.sharedWriter().newSplitWriter(split.id(), scope.attempt());
                        } else {
                            ownWriter = scope.setup().writers().get();
                            ownWriter.instance().open(new RunContexts.Write(spec.asset(), spec.target(),
                                    scope.outputBase(), spec.tenantId(), scope.runId(), scope.started(), alloc));
                            out = ownWriter.instance().newSplitWriter(split.id(), scope.attempt());
                        }
                    }
                    out.write(batch);
                    rows = batch.getRowCount();
                    bytes = bytes(batch);
                }
                written += rows;
                scope.progress().batchWritten(o.object(), rows, bytes, o.invalidRows());
                rejects.addAll(o.rejects());
                if (rejects.size() >= REJECTS_PER_FILE) {
                    out.writeRejects(List.copyOf(rejects));
                    rejects.clear();
                }
                writeNanos += System.nanoTime() - t1;
            }
            long t2 = System.nanoTime();
            List<WriteFragment> fragments = List.of();
            if (out != null) {
                if (!rejects.isEmpty()) {
                    out.writeRejects(rejects);
                }
                fragments = out.finish();
            }
            writeNanos += System.nanoTime() - t2;
            // the validation stage has ended (its end came through the hand-off), so its summary is complete
            outcome = new SplitOutcome(split.id(), scope.attempt(), fragments, ctx.proposals(), validator.summary(),
                    recordsRead.get(), bytesRead.get(), written, waitNanos, writeNanos);
        } catch (Throwable t) {
            failure = t;
            stop();
            if (out != null) {
                try {
                    out.abort();
                } catch (Throwable abortFailure) {
                    t.addSuppressed(abortFailure);
                }
            }
        } finally {
            if (gateHeld) {
                scope.writeGate().release();
            }
            failure = close(out, failure);
            failure = close(ownWriter == null ? null : ownWriter.instance(), failure);
            failure = close(ownWriter, failure);
            failure = close(hook, failure);
            failure = release(reader, validator, alloc, CpuTimes.threadNow() - writeCpu, failure);
        }
        if (failure != null) {
            throw failure;
        }
        return outcome;
    }

    /** Stops the split's stages: wakes both hand-offs and interrupts the stage threads. */
    private void stop() {
        raw.close();
        valid.close();
        for (Stage s : new Stage[]{reading, validating}) {
            if (s != null) {
                s.interrupt();
            }
        }
    }

    private boolean acquireGate() throws InterruptedException {
        while (!scope.writeGate().tryAcquire(100, TimeUnit.MILLISECONDS)) {
            scope.cancellation().throwIfCancelled(scope.runId());
        }
        return true;
    }

    /**
     * Joins the stages, each with the grace period, and releases the reader, the validator's counts and the
     * allocator; a leak of Arrow memory fails the split, before anything is committed. Nothing is released while a
     * stage still runs: a stage that outlives its grace period (a reader ignoring cancellation) is abandoned on its
     * thread, the run says so in its warnings, and what the split holds is released when the last stage returns.
     */
    private Throwable release(Plugins.Loaded<BaseReader> reader, Validator validator, BufferAllocator alloc,
                              long writeCpu, Throwable failure) {
        List<String> running = new ArrayList<>();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        if (reading != null && !reading.join(scope.setup().stopGrace())) {
            running.add("the reader");
            pending.add(reading.done());
        }
        if (validating != null && !validating.join(scope.setup().stopGrace())) {
            running.add("the validation");
            pending.add(validating.done());
        }
        scope.progress().validated(validator.summary());
        scope.progress().cpu(running.contains("the reader") ? 0 : readCpu,
                running.contains("the validation") ? 0 : validateCpu, writeCpu);
        if (!running.isEmpty()) {
            String warning = scope.setup().masker().mask(String.join(" and ", running) + " of split " + split.id()
                    + " ignored cancellation and was abandoned on its thread; its memory is released when it returns");
            LOG.warn("run {}: {}", scope.runId(), warning);
            scope.warnings().add(warning);
            scope.lingering().add(CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .whenComplete((v, e) -> {
                        Throwable leak = releaseNow(reader, alloc, null);
                        if (leak != null) {
                            LOG.warn("run {}: releasing abandoned split {} failed: {}", scope.runId(), split.id(),
                                    scope.setup().masker().mask(leak.toString()));
                        }
                    }));
            return failure != null ? failure : Cancellation.exception(Cancellation.Reason.CANCELLED, scope.runId());
        }
        return releaseNow(reader, alloc, failure);
    }

    private Throwable releaseNow(Plugins.Loaded<BaseReader> reader, BufferAllocator alloc, Throwable failure) {
        raw.drain();
        valid.drain();
        failure = close(reader == null ? null : reader.instance(), failure);
        failure = close(reader, failure);
        return close(alloc, failure);
    }

    private void readAll(BaseReader in, RunContexts.Read ctx) {
        long cpu = CpuTimes.threadNow();
        try {
            in.extract(ctx, raw::put);
            raw.end();
        } catch (Throwable t) {
            forward(raw, t);
        } finally {
            readCpu = CpuTimes.threadNow() - cpu;
        }
    }

    private void validateAll(Validator validator) {
        try {
            while (true) {
                Handoff.Item<SourceBatch> item = raw.take();
                if (item instanceof Handoff.Value<SourceBatch> b) {
                    accept(b.value(), validator);
                } else if (item instanceof Handoff.Failure<SourceBatch> f) {
                    valid.fail(f.cause());
                    return;
                } else {
                    valid.end();
                    return;
                }
            }
        } catch (Throwable t) {
            forward(valid, t);
        }
    }

    private static void forward(Handoff<?> to, Throwable t) {
        try {
            to.fail(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept(SourceBatch batch, Validator validator) throws InterruptedException {
        Validator.Outcome outcome;
        try (VectorSchemaRoot ignored = batch.root()) {
            if (valid.isClosed()) {
                throw new CancellationException("the split is stopping");
            }
            // Measured before validation, which may move the batch's buffers into its outcome.
            long rows = batch.root().getRowCount();
            long bytes = bytes(batch.root());
            long cpu = CpuTimes.threadNow();
            outcome = validator.validate(batch);
            validateCpu += CpuTimes.threadNow() - cpu;
            recordsRead.addAndGet(rows);
            bytesRead.addAndGet(bytes);
            scope.progress().batchRead(batch.object(), rows, bytes, outcome.invalidRows());
            if (LOG.isDebugEnabled()) {
                LOG.atDebug().addKeyValue("object", batch.object()).addKeyValue("records", rows)
                        .addKeyValue("invalid", outcome.invalidRows()).addKeyValue("split", split.id())
                        .log("batch of {} records read from {}", rows, batch.origin());
            }
        }
        if (spec.validationMode() == ValidationMode.STRICT && outcome.invalidRows() > 0) {
            outcome.valid().close();
            ValidationSummary summary = validator.summary();
            ValidationError first = summary.firstErrors().get(0);
            throw new ValidationFailedException(summary.totalErrors(), first);
        }
        valid.put(outcome);
    }

    static long bytes(VectorSchemaRoot root) {
        long n = 0;
        for (FieldVector v : root.getFieldVectors()) {
            n += v.getBufferSize();
        }
        return n;
    }

    private static Throwable close(AutoCloseable c, Throwable failure) {
        if (c == null) {
            return failure;
        }
        try {
            c.close();
        } catch (Throwable e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }
}
