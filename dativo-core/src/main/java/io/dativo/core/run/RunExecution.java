package io.dativo.core.run;

import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.BaseWriter;
import io.dativo.api.Committer;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.LeaseHandle;
import io.dativo.api.FileMetadata;
import io.dativo.api.ReadContext;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitPlan;
import io.dativo.api.ValidationMode;
import io.dativo.api.WriteFragment;
import io.dativo.core.config.JobIdentity;
import io.dativo.core.config.JobLocation;
import io.dativo.core.config.JobSpec;
import io.dativo.core.plugin.Plugins;
import io.dativo.core.storage.OutputLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a run: open the committing writer and the state, plan splits with a fresh reader, run the splits
 * on a pool of {@code parallelism} workers, then commit every split's fragments once ({@link CommitStep}). A
 * failing split stops the others; every fragment staged is then aborted and nothing is committed. Never throws:
 * the outcome, failure included, is the returned {@link Attempt}.
 *
 * <p>A {@linkplain Distributed distributed} attempt does the same on a driver, except that the splits run as the
 * tasks of another engine: they are handed to its {@link SplitRunner} as a {@link RunPlan}, each task runs one split
 * with {@link SplitWorker}, and the commit takes one attempt of each split from the outcomes the engine returns.
 */
public final class RunExecution {

    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
    private static final BaseReader DEFAULT_MERGE = new BaseReader() {
        @Override
        public void open(SourceConfig source) {
        }

        @Override
        public void extract(ReadContext context, BatchSink sink) {
        }
    };

    /**
     * An attempt whose splits run as tasks of another engine: by {@code runner}, the driver committing their
     * outcomes, or by {@code committing}, which commits them inside the engine's job. Exactly one of the two is set.
     *
     * @param job        where the job is, for the workers to load it
     * @param runner     what runs the tasks for the driver to commit, or {@code null}
     * @param committing what runs the tasks and commits them, or {@code null}
     */
    public record Distributed(JobLocation job, SplitRunner runner, CommittingRunner committing) {

        /** Checks the parts. */
        public Distributed {
            Objects.requireNonNull(job, "job");
            if ((runner == null) == (committing == null)) {
                throw new IllegalArgumentException("one runner, committing or not");
            }
        }
    }

    private final RunSetup setup;
    private final Distributed distributed;
    private final JobSpec spec;
    private final String runId;
    private final int attempt;
    private final Cancellation cancellation;

    /** An attempt numbered {@code attempt} of run {@code runId}, stopped when {@code run} is cancelled. */
    public RunExecution(RunSetup setup, String runId, int attempt, Cancellation run) {
        this(setup, runId, attempt, run, null);
    }

    /**
     * An attempt as {@link #RunExecution(RunSetup, String, int, Cancellation)}, with its splits run by
     * {@code distributed} when it is not {@code null}.
     */
    public RunExecution(RunSetup setup, String runId, int attempt, Cancellation run, Distributed distributed) {
        this.setup = setup;
        this.distributed = distributed;
        this.spec = setup.spec();
        this.runId = runId;
        this.attempt = attempt;
        this.cancellation = run.child();
    }

    /** Runs the attempt. */
    public Attempt execute() {
        Instant started = Instant.now();
        long processCpu = CpuTimes.processNow();
        List<String> warnings = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> lingering = new CopyOnWriteArrayList<>();
        Progress progress = new Progress(setup.events(), started);
        List<WriteFragment> fragments = new ArrayList<>();
        List<WriteFragment> discarded = new ArrayList<>();
        List<WriteFragment> engineFragments = new ArrayList<>();
        List<FileMetadata> files = List.of();
        Map<String, Map<String, Object>> before = Map.of();
        Map<String, Map<String, Object>> after = Map.of();
        long[] nanos = new long[3];
        Throwable failure = null;
        boolean committed = false;
        BufferAllocator root = null;
        BufferAllocator writeAlloc = null;
        Plugins.Loaded<BaseWriter> writer = null;
        Plugins.Loaded<BaseReader> planner = null;
        LeaseHandle claim = null;
        Committer committer = null;
        try {
            root = setup.parentAllocator() != null
                    ? setup.parentAllocator().newChildAllocator("run-" + runId, 0, setup.allocatorLimit())
                    : new RootAllocator(setup.allocatorLimit());
            writeAlloc = root.newChildAllocator("write", 0, Long.MAX_VALUE);
            writer = setup.writers().get();
            BaseWriter out = writer.instance();
            if (spec.validationMode() == ValidationMode.QUARANTINE && !out.supportsRejects()) {
                throw new DativoException(ErrorKind.CONFIG, "schema_validation_mode quarantine needs a writer that "
                        + "keeps rejected records; " + out.getClass().getName() + " does not", null);
            }
            StateTracker state = new StateTracker(setup.stateStore(), spec.tenantId(), spec.name(),
                    JobIdentity.fingerprint(spec), JobIdentity.describe(spec));
            if (setup.stateStore() != null) {
                claim = setup.stateStore().claim(spec.tenantId(), spec.name(), runId, setup.claimOptions());
                state.verifyIdentity();
            }
            String outputBase = OutputLayout.outputBase(spec.target(), spec.asset());
            out.open(new RunContexts.Write(spec.asset(), spec.target(), outputBase, spec.tenantId(), runId, started,
                    writeAlloc));
            committer = out.committer();
            for (String recovered : committer.recover()) {
                LOG.info("run {}: {}", runId, setup.masker().mask(recovered));
            }
            state.repair(committer);
            if (distributed != null) {
                state.loadAll();
            }
            before = state.snapshot();
            after = before;
            boolean shared = setup.singleWriter() || !out.stagesIndependently();
            if (distributed != null && shared) {
                throw new DativoException(ErrorKind.CONFIG, "the writer " + out.getClass().getName()
                        + " stages the whole run through one instance, so its splits cannot run as tasks of another "
                        + "engine; run the job locally", null);
            }
            AttemptScope scope = new AttemptScope(setup, runId, attempt, started, cancellation, state, root,
                    shared ? out : null, new Semaphore(1), outputBase, progress, warnings, lingering);
            SplitPlan plan;
            BaseReader merge = DEFAULT_MERGE;
            if (setup.singleReader()) {
                plan = SplitPlan.whole();
                setup.events().started(OptionalLong.empty());
            } else {
                planner = setup.readers().get();
                plan = plan(planner.instance(), root, state);
                merge = planner.instance();
            }
            RunPlan tasks = distributed == null ? null : tasks(plan, scope);
            if (tasks != null) {
                cancellation.throwIfCancelled(runId);
            }
            EngineCommit.Report report = null;
            List<SplitOutcome> outcomes;
            if (distributed == null) {
                outcomes = runSplits(plan, scope, fragments);
            } else if (distributed.committing() != null && !tasks.tasks().isEmpty()) {
                if (claim != null) {
                    claim.checkHeld();
                }
                report = distributed.committing().run(tasks, cancellation);
                outcomes = report.taken();
            } else {
                TakenOutcomes taken = TakenOutcomes.of(tasks, distributed.runner() != null
                        ? distributed.runner().run(tasks, cancellation) : List.of());
                fragments.addAll(taken.fragments());
                discarded.addAll(taken.discarded());
                outcomes = taken.taken();
            }
            List<Map<String, Map<String, Object>>> proposals = new ArrayList<>();
            for (SplitOutcome o : outcomes) {
                proposals.add(o.proposals());
                nanos[0] += o.waitNanos();
                nanos[1] += o.writeNanos();
                if (distributed != null) {
                    scope.progress().add(o);
                }
            }
            if (report != null) {
                // the engine's job committed the run and saved its state
                committed = true;
                nanos[2] = report.commitNanos();
                state.savedElsewhere(runId, report.committedAt(), report.saved());
                warnings.addAll(report.warnings());
                outcomes.forEach(o -> o.fragments().stream().filter(f -> f.attempt() == o.attempt()
                        && f.splitId().equals(o.splitId())).forEach(engineFragments::add));
            } else {
                if (claim != null) {
                    claim.checkHeld();
                }
                CommitStep.Committed c = CommitStep.commit(committer, fragments,
                        state.toCommit(plan, proposals, merge), scope);
                committed = true;
                nanos[2] = c.nanos();
            }
            if (distributed != null && report == null) {
                // what attempts that were not taken staged, reported or not, is discarded once the commit is made
                afterwards(abort(committer, discarded), true, null, warnings);
            }
            after = state.snapshot();
            files = (report == null ? fragments : engineFragments).stream()
                    .filter(f -> f.kind() == WriteFragment.Kind.DATA)
                    .map(WriteFragment::toFileMetadata).toList();
        } catch (Throwable t) {
            failure = t;
            if (committer != null) {
                CommitStep.abort(committer, fragments, t);
            }
        } finally {
            failure = afterwards(close(writer == null ? null : writer.instance()), committed, failure, warnings);
            failure = afterwards(close(writer), committed, failure, warnings);
            failure = afterwards(close(planner), committed, failure, warnings);
            failure = afterwards(close(claim), committed, failure, warnings);
            failure = afterwards(close(writeAlloc), committed, failure, warnings);
            failure = afterwards(release(root, lingering), committed, failure, warnings);
        }
        if (failure != null && cancellation.reason().filter(r -> r != Cancellation.Reason.FAILED).isPresent()
                && !(failure instanceof DativoException d && d.kind() == ErrorKind.CANCELLED)) {
            DativoException stop = Cancellation.exception(cancellation.reason().get(), runId);
            stop.addSuppressed(failure);
            failure = stop;
        }
        Cancellation.Reason stopped = committed ? null
                : cancellation.reason().filter(r -> r != Cancellation.Reason.FAILED).orElse(null);
        Instant finished = Instant.now();
        return new Attempt(runId, attempt, started, finished, committed, committed ? null : failure, stopped,
                progress.read(), progress.written(), progress.validation(), files, before,
                committed ? after : before, Duration.ofNanos(nanos[0]), Duration.ofNanos(nanos[1]),
                Duration.ofNanos(nanos[2]), warnings, progress.bytesRead(),
                progress.cpu(CpuTimes.processNow() - processCpu));
    }

    private SplitPlan plan(BaseReader planner, BufferAllocator root, StateTracker state) throws Exception {
        try (BufferAllocator alloc = root.newChildAllocator("plan", 0, Long.MAX_VALUE)) {
            SplitPlan plan;
            OptionalLong estimate;
            try {
                planner.open(spec.source());
                estimate = planner.totalRecordsEstimate();
                plan = planner.planSplits(new RunContexts.Read(alloc, spec.asset(),
                        RunContexts.batchSize(spec.source()), runId, cancellation, state, ReadSplit.whole(),
                        setup.parallelism(), Math.max(1, spec.target().targetFileSizeMb()) << 20));
            } finally {
                planner.close();
            }
            LOG.debug("run {}: {} splits planned", runId, plan.splits().size());
            setup.events().started(estimate);
            return plan;
        }
    }

    /** The splits as tasks for an engine, each with what a worker needs to run it. */
    private RunPlan tasks(SplitPlan plan, AttemptScope scope) {
        Map<String, Map<String, Object>> committed = scope.state().snapshot();
        String fingerprint = JobIdentity.fingerprint(spec);
        List<SplitTask> tasks = plan.splits().stream().map(s -> new SplitTask(distributed.job(), fingerprint, runId,
                scope.started(), scope.outputBase(), scope.state().keepsState(), committed, setup.parallelism(), s))
                .toList();
        RunPlan run = new RunPlan(runId, tasks, plan.state());
        LOG.info(run.whole() ? "run {}: the reader plans no splits, so the whole source is read by one task"
                : "run {}: {} split(s) handed to the engine as tasks", runId, tasks.size());
        return run;
    }

    private static Throwable abort(Committer committer, List<WriteFragment> fragments) {
        return close(() -> committer.abort(fragments));
    }

    /**
     * Runs the splits on {@code parallelism} workers of the executor. A failure stops the other splits; the
     * fragments of the splits that finished are added to {@code fragments} either way, for the commit or the abort.
     */
    private List<SplitOutcome> runSplits(SplitPlan plan, AttemptScope scope, List<WriteFragment> fragments)
            throws Throwable {
        List<ReadSplit> splits = plan.splits();
        SplitOutcome[] outcomes = new SplitOutcome[splits.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> first = new AtomicReference<>();
        List<Stage> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(setup.parallelism(), splits.size()); w++) {
            workers.add(Stage.start(setup.executor(), "dativo-split-" + runId + "-" + w, () -> {
                int i;
                while (!cancellation.isCancelled() && (i = next.getAndIncrement()) < splits.size()) {
                    try {
                        outcomes[i] = new SplitExecution(scope, splits.get(i)).call();
                    } catch (Throwable t) {
                        first.compareAndSet(null, t);
                        cancellation.cancel(Cancellation.Reason.FAILED);
                        return;
                    }
                }
            }));
        }
        for (Stage w : workers) {
            w.done().join();
        }
        Arrays.stream(outcomes).filter(o -> o != null).forEach(o -> fragments.addAll(o.fragments()));
        if (first.get() != null) {
            throw first.get();
        }
        cancellation.throwIfCancelled(runId);
        return List.of(outcomes);
    }

    /** Closes the attempt's allocator now, or when the last abandoned stage returns. */
    private Throwable release(BufferAllocator root, List<CompletableFuture<Void>> lingering) {
        if (root == null) {
            return null;
        }
        if (lingering.isEmpty()) {
            return close(root);
        }
        CompletableFuture.allOf(lingering.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            Throwable leak = close(root);
            if (leak != null) {
                LOG.warn("run {}: Arrow memory of an abandoned reader was not released: {}", runId,
                        setup.masker().describe(leak));
            }
        });
        return null;
    }

    /** A failure while cleaning up: the run's failure if it committed nothing, a warning if it committed. */
    private Throwable afterwards(Throwable cleanup, boolean committed, Throwable failure, List<String> warnings) {
        if (cleanup == null) {
            return failure;
        }
        if (committed) {
            String warning = "the run committed, but cleaning up failed: " + setup.masker().describe(cleanup);
            LOG.warn("run {}: {}", runId, warning);
            warnings.add(warning);
            return failure;
        }
        if (failure == null) {
            return cleanup;
        }
        failure.addSuppressed(cleanup);
        return failure;
    }

    /**
     * Has the target's committer complete the commits of runs that died half-way and remove what dead runs staged.
     *
     * @return what the committer did, one line each
     */
    public static List<String> recover(JobSpec spec, Supplier<Plugins.Loaded<BaseWriter>> writers) throws Exception {
        String runId = "recover-" + UUID.randomUUID().toString().substring(0, 8);
        try (Plugins.Loaded<BaseWriter> loaded = writers.get(); BufferAllocator alloc = new RootAllocator()) {
            BaseWriter writer = loaded.instance();
            try {
                writer.open(new RunContexts.Write(spec.asset(), spec.target(),
                        OutputLayout.outputBase(spec.target(), spec.asset()), spec.tenantId(), runId, Instant.now(),
                        alloc));
                Committer committer = writer.committer();
                List<String> done = committer.recover();
                // opening may have prepared staging for this run, which stages nothing
                committer.abort(List.of());
                return done;
            } finally {
                writer.close();
            }
        }
    }

    private static Throwable close(AutoCloseable c) {
        if (c == null) {
            return null;
        }
        try {
            c.close();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
