package io.dativo.core;

import io.dativo.api.ConfigException;
import io.dativo.api.DativoException;
import io.dativo.api.StateStore;
import io.dativo.core.config.JobLoader;
import io.dativo.core.config.JobLocation;
import io.dativo.core.config.JobSpec;
import io.dativo.core.config.Masker;
import io.dativo.core.internal.ArrowSupport;
import io.dativo.core.run.Cancellation;
import io.dativo.core.run.CommittingRunner;
import io.dativo.core.run.EngineCommit;
import io.dativo.core.run.RunExecution;
import io.dativo.core.run.RunPlan;
import io.dativo.core.run.SplitOutcome;
import io.dativo.core.run.SplitRunner;
import io.dativo.core.run.SplitWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A job run with its splits as the tasks of another engine, such as Apache Spark or Apache Flink, and committed
 * once by the driver. On the driver, {@link #run} does what a local run does (claims an incremental job, recovers the
 * target, plans the reader's splits with the committed state) and hands the splits to the engine's
 * {@link SplitRunner} as serializable tasks; each task runs one split with {@link SplitWorker#run} (read, validate,
 * stage, nothing visible); the driver then takes one attempt of each split from the outcomes, commits them through
 * the job's committer, saves the state and returns one {@link RunResult} with the counts of every split.
 *
 * <p>The job is the same YAML as for a local run. Workers load it from the same {@link JobLocation}, so its files,
 * recipes and contract must be readable at the same paths there. A writer that stages the whole run through one
 * instance cannot run this way; a reader that plans no splits runs as one task.
 *
 * <p>An engine whose job can commit in an operator of its own (Flink's global committer) runs with
 * {@link #runCommitting}: the operator calls {@link #commitOnEngine} once every split has succeeded, and the driver
 * reports the run from what that commit returns.
 *
 * <p>The job's {@code timeout_seconds} (or {@link #withTimeout}) and {@link RunHandle#cancel()} stop the run as
 * they stop a local one: the runner is told through the {@link Cancellation} it is given, cancels the engine's job,
 * and nothing is committed afterwards.
 */
public final class DistributedRun {

    private final JobLocation job;
    private final JobSpec spec;
    private final Masker masker;
    private final PipelineParts parts;
    private final int parallelism;

    private DistributedRun(JobLocation job, JobSpec spec, Masker masker, PipelineParts parts, int parallelism) {
        this.job = job;
        this.spec = spec;
        this.masker = masker;
        this.parts = parts;
        this.parallelism = parallelism;
    }

    /**
     * The job in {@code jobFile}, with relative paths resolved against the working directory.
     *
     * @throws ConfigException listing every problem in the job, its recipes and its contract
     */
    public static DistributedRun fromYaml(Path jobFile) {
        return of(JobLocation.of(jobFile));
    }

    /**
     * The job at {@code job}, loaded now on the driver.
     *
     * @throws ConfigException listing every problem in the job, its recipes and its contract
     */
    public static DistributedRun of(JobLocation job) {
        JobLoader.Loaded loaded = job.load();
        return new DistributedRun(job, loaded.spec(), loaded.masker(), PipelineParts.defaults(), 0);
    }

    /**
     * The body of an engine's command-line entry ({@code spark-submit}, {@code flink run}): loads the job named by
     * {@code args} ({@code JOB.yaml [NAME=VALUE ...]}, variables before the environment), runs it with {@code engine},
     * prints the outcome and returns the process's exit code: 0 when the run committed, 1 when it failed or the job
     * did not load, 2 for wrong arguments (printed with {@code usage}).
     */
    public static int runMain(String[] args, String usage, Function<DistributedRun, RunResult> engine) {
        DistributedRun run;
        try {
            run = of(JobLocation.fromArguments(args));
        } catch (DativoException e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "; usage: " + usage);
            return 2;
        }
        RunResult result = engine.apply(run);
        System.out.println(result.summary());
        return result.succeeded() ? 0 : 1;
    }

    /**
     * This run planning for {@code splits} splits at once when the job does not set {@code parallelism}: an engine
     * passes the parallelism it runs tasks with.
     */
    public DistributedRun withParallelism(int splits) {
        if (splits < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        return new DistributedRun(job, spec, masker, parts, splits);
    }

    /** This run reporting to {@code listener} as well; batch events come only from splits run on the driver. */
    public DistributedRun withListener(RunListener listener) {
        return new DistributedRun(job, spec, masker, parts.withListener(Objects.requireNonNull(listener)),
                parallelism);
    }

    /** This run stopped after {@code timeout} instead of the job's {@code timeout_seconds}. */
    public DistributedRun withTimeout(Duration timeout) {
        return new DistributedRun(job, spec, masker, parts.withTimeout(Objects.requireNonNull(timeout)),
                parallelism);
    }

    /** Where the job is, as each task is given it. */
    public JobLocation job() {
        return job;
    }

    /** The job, as loaded on the driver. */
    public JobSpec spec() {
        return spec;
    }

    /** What the job's messages are masked with: its secrets and the passwords of URLs. */
    public Masker masker() {
        return masker;
    }

    /**
     * How many splits the reader is asked to plan for: the job's {@code parallelism}, else the engine's, else the
     * number of cores.
     */
    public int parallelism() {
        return spec.parallelism() > 0 ? spec.parallelism() : parallelism > 0 ? parallelism
                : spec.effectiveParallelism();
    }

    /**
     * Runs the job once, its splits run by {@code runner}, and returns what it did. Never throws for a failure of
     * the run itself: a run that did not commit returns a result with status {@link RunStatus#FAILED} (or
     * {@link RunStatus#CANCELLED}, {@link RunStatus#TIMED_OUT}), and nothing of it is visible. Retries follow the
     * job's retry policy, each attempt a new plan. An interrupt of the calling thread cancels the run.
     *
     * @throws DativoException if the JVM lacks the flag Apache Arrow needs
     */
    public RunResult run(SplitRunner runner) {
        return start(runner).resultCancellingOnInterrupt();
    }

    /** Starts the run of {@link #run(SplitRunner)} on a thread of its own and returns the handle to it. */
    public RunHandle start(SplitRunner runner) {
        return start(new RunExecution.Distributed(job, Objects.requireNonNull(runner, "runner"), null));
    }

    /**
     * Runs the job once as {@link #run(SplitRunner)} does, its splits run and committed inside the engine's job by
     * {@code runner}, which calls {@link #commitOnEngine} in the one operator that commits.
     */
    public RunResult runCommitting(CommittingRunner runner) {
        return startCommitting(runner).resultCancellingOnInterrupt();
    }

    /** Starts the run of {@link #runCommitting} on a thread of its own and returns the handle to it. */
    public RunHandle startCommitting(CommittingRunner runner) {
        return start(new RunExecution.Distributed(job, null, Objects.requireNonNull(runner, "runner")));
    }

    private RunHandle start(RunExecution.Distributed distributed) {
        ArrowSupport.check();
        return RunLoop.start(spec, masker, parts, distributed, parallelism());
    }

    /**
     * Commits the planned run {@code plan} once with the {@code outcomes} of its tasks, where the engine's job
     * commits (any JVM that can load the job): loads the job as the tasks do, opens its state store, and commits
     * through {@link EngineCommit}.
     *
     * @return what the commit did, for the driver
     * @throws Exception why the commit failed; nothing of the run is visible then
     */
    public static EngineCommit.Report commitOnEngine(RunPlan plan, List<SplitOutcome> outcomes) throws Exception {
        JobLoader.Loaded loaded = EngineCommit.load(plan);
        JobSpec spec = loaded.spec();
        StateStore store = RunLoop.incremental(spec)
                ? new PipelineState(spec, loaded.masker(), PipelineParts.defaults()).store() : null;
        try {
            return EngineCommit.commit(loaded, plan, outcomes, store);
        } finally {
            PipelineParts.closeQuietly(store, loaded.masker());
        }
    }
}
