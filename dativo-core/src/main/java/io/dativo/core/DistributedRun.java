package io.dativo.core;

import io.dativo.api.ConfigException;
import io.dativo.api.DativoException;
import io.dativo.core.config.JobLoader;
import io.dativo.core.config.JobLocation;
import io.dativo.core.config.JobSpec;
import io.dativo.core.config.Masker;
import io.dativo.core.internal.ArrowSupport;
import io.dativo.core.run.Cancellation;
import io.dativo.core.run.RunExecution;
import io.dativo.core.run.SplitRunner;
import io.dativo.core.run.SplitWorker;
import java.nio.file.Path;
import java.util.Objects;

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
 * instance cannot run this way; a reader that plans no splits runs as one task. Time limits and cancellation are
 * the engine's.
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
     * the run itself: a run that did not commit returns a result with status {@link RunStatus#FAILED}, and nothing
     * of it is visible. Retries follow the job's retry policy, each attempt a new plan.
     *
     * @throws DativoException if the JVM lacks the flag Apache Arrow needs
     */
    public RunResult run(SplitRunner runner) {
        ArrowSupport.check();
        return RunLoop.execute(spec, masker, parts, new Cancellation(),
                new RunExecution.Distributed(job, Objects.requireNonNull(runner, "runner")), parallelism());
    }
}
