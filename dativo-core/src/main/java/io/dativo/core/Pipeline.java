package io.dativo.core;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.ConfigException;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DativoException;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.LeaseHeldException;
import io.dativo.api.StateRecord;
import io.dativo.api.StateStore;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.ValidationMode;
import io.dativo.core.config.JobLoader;
import io.dativo.core.config.JobSpec;
import io.dativo.core.config.Masker;
import io.dativo.core.config.RetryConfig;
import io.dativo.core.internal.ArrowSupport;
import io.dativo.core.internal.Preloader;
import io.dativo.core.run.CpuTimes;
import io.dativo.core.state.FileStateStore;
import io.dativo.core.state.JdbcStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One ingestion job, ready to run: read the source, check every record against the contract, write the target,
 * commit. {@code Pipeline.fromYaml(Path.of("job.yaml")).run()} runs a YAML job; {@link #builder()} builds one in
 * code. A pipeline may be run more than once; each run is independent, and every attempt of a run gets fresh reader
 * and writer instances.
 *
 * <p>A run plans splits with one reader, then reads, validates and writes up to {@code parallelism} splits at once,
 * each on its own threads with bounded hand-offs, and commits every split's output once. {@link #start()} returns a
 * {@link RunHandle} that can cancel it; {@code timeout_seconds} limits how long it may take.
 */
public final class Pipeline {

    private final JobSpec spec;
    private final Masker masker;
    private final PipelineParts parts;

    Pipeline(JobSpec spec, Masker masker, PipelineParts parts) {
        this.spec = spec;
        this.masker = masker;
        this.parts = parts;
    }

    /**
     * The job in {@code jobFile}, with relative paths resolved against the working directory and variables from
     * the environment.
     *
     * @throws ConfigException listing every problem in the job, its recipes and its contract
     */
    public static Pipeline fromYaml(Path jobFile) {
        return fromYaml(jobFile, new JobLoader());
    }

    /** The job in {@code jobFile}, loaded by {@code loader} (base directory, variables, secret sources). */
    public static Pipeline fromYaml(Path jobFile, JobLoader loader) {
        preload();
        JobLoader.Loaded loaded = loader.loadJob(jobFile);
        return new Pipeline(loaded.spec(), loaded.masker(), PipelineParts.defaults());
    }

    /** A builder for a pipeline defined in code. */
    public static Builder builder() {
        preload();
        return new Builder();
    }

    /**
     * Starts initializing what every run needs while the job is being set up: the processor-time probes (a run
     * reads the process's time first thing, and the JVM's first look at it reads the control groups, about 15 ms)
     * and Arrow's schema classes.
     */
    private static void preload() {
        Preloader.initialize("cpu", CpuTimes.class);
        Preloader.initialize("arrow", Schema.class);
    }

    /** The job this pipeline runs. */
    public JobSpec spec() {
        return spec;
    }

    /**
     * This pipeline with its Arrow memory taken from {@code parent}; the caller keeps ownership of {@code parent}
     * and can check it for leaks.
     */
    public Pipeline withAllocator(BufferAllocator parent) {
        return new Pipeline(spec, masker, parts.withAllocator(parent));
    }

    /** This pipeline reporting to {@code listener} as well. */
    public Pipeline withListener(RunListener listener) {
        return new Pipeline(spec, masker, parts.withListener(listener));
    }

    /** This pipeline keeping its incremental state in {@code store}, which the caller keeps and closes. */
    public Pipeline withStateStore(StateStore store) {
        return new Pipeline(spec, masker, parts.withStateStore(store));
    }

    /**
     * This pipeline taking its threads from {@code executor}, which must run at least three tasks per split at once
     * (by default each run has a cached pool of daemon threads of its own).
     */
    public Pipeline withExecutor(ExecutorService executor) {
        return new Pipeline(spec, masker, parts.withExecutor(executor));
    }

    /**
     * This pipeline waiting up to {@code maxWait} for another run of the same incremental job to end, instead of
     * failing at once with a {@link LeaseHeldException} naming it.
     */
    public Pipeline withClaimWait(Duration maxWait) {
        return new Pipeline(spec, masker, parts.withClaimWait(maxWait));
    }

    /** This pipeline with a time limit for each run, instead of the job's {@code timeout_seconds}. */
    public Pipeline withTimeout(Duration timeout) {
        return new Pipeline(spec, masker, parts.withTimeout(timeout));
    }

    /**
     * The store this pipeline keeps state in: the one given; else, when the source's {@code incremental.state_path}
     * is a JDBC URL, a {@link JdbcStateStore} there; else a {@link FileStateStore} under that path, or under
     * {@code .dativo/state} in the job's base directory. A store made here is the caller's to close.
     */
    public StateStore stateStore() {
        return new PipelineState(spec, masker, parts).store();
    }

    /** The committed state of every object of this job. */
    public List<StateRecord> state() {
        return new PipelineState(spec, masker, parts).list();
    }

    /**
     * Resets the state of {@code object} (every object of the job when null), so the next run reads it from the
     * start. The reset is recorded as an empty state, newer than any commit the target holds.
     */
    public void resetState(String object) {
        new PipelineState(spec, masker, parts).reset(object);
    }

    /**
     * The outcome of {@link #check()}.
     *
     * @param source the source's connection check
     * @param target the target's connection check
     */
    public record Checks(ConnectionCheck source, ConnectionCheck target) {
        /** True if both succeeded. */
        public boolean ok() {
            return source.success() && target.success();
        }
    }

    /**
     * What this job's messages are masked with: its secrets and the passwords of URLs. A host printing its own
     * messages about the job (a path, a connection, an exception a plugin threw) passes them through it.
     */
    public Masker masker() {
        return masker;
    }

    /** Tests the source and target connections without reading or writing data. */
    public Checks check() {
        return new Preflight(spec, masker, parts).check();
    }

    /** The objects the source can read, with their columns where the reader knows them. */
    public List<DiscoveredObject> discover() {
        return new Preflight(spec, masker, parts).discover();
    }

    /**
     * Completes the commits of runs of this job's target that died half-way, and removes what dead runs staged, at
     * once rather than at the next run. Between such a crash and the recovery, a reader of the target's files may
     * see part of the dead run's output.
     *
     * @return what was done, one line each; empty when there was nothing to do
     */
    public List<String> recover() {
        return new Preflight(spec, masker, parts).recover();
    }

    /**
     * Runs the job once and returns what it did. Never throws for a failure of the run itself: a run that did not
     * commit returns a result with status {@link RunStatus#FAILED}, {@link RunStatus#CANCELLED} or
     * {@link RunStatus#TIMED_OUT}. Interrupting the calling thread cancels the run; the interrupt flag is kept.
     *
     * @throws DativoException if the JVM lacks the flag Apache Arrow needs
     */
    public RunResult run() {
        return start().resultCancellingOnInterrupt();
    }

    /**
     * Starts the job on a thread of its own and returns a handle to wait for it or cancel it.
     *
     * @throws DativoException if the JVM lacks the flag Apache Arrow needs
     */
    public RunHandle start() {
        ArrowSupport.check();
        return RunLoop.start(spec, masker, parts);
    }

    /** Builds a pipeline in code. */
    public static final class Builder {
        private final JobDraft job = new JobDraft();
        private PipelineParts parts = PipelineParts.defaults();

        private Builder() {
        }

        private Builder job(Consumer<JobDraft> change) {
            change.accept(job);
            return this;
        }

        private Builder parts(PipelineParts changed) {
            parts = changed;
            return this;
        }

        /** How long a run waits for another run of the job to end; see {@link Pipeline#withClaimWait}. */
        public Builder waitForClaim(Duration maxWait) {
            return parts(parts.withClaimWait(maxWait));
        }

        /** Reports the run's events to {@code listener}. */
        public Builder listener(RunListener listener) {
            return parts(parts.withListener(listener));
        }

        /** Where incremental state is kept; by default a {@link FileStateStore} (see {@link Pipeline#stateStore()}). */
        public Builder stateStore(StateStore store) {
            return parts(parts.withStateStore(store));
        }

        /** The job's name, used in logs, state and output metadata. */
        public Builder name(String name) {
            return job(j -> j.name = Objects.requireNonNull(name));
        }

        /** The tenant (required). */
        public Builder tenant(String tenantId) {
            return job(j -> j.tenantId = tenantId);
        }

        /** Free text such as {@code prod}. */
        public Builder environment(String environment) {
            return job(j -> j.environment = environment);
        }

        /** The source; its type or custom reader picks the reader unless {@link #reader(Supplier)} is given. */
        public Builder source(SourceConfig source) {
            return job(j -> j.source = source);
        }

        /** The target; its type or custom writer picks the writer unless {@link #writer(Supplier)} is given. */
        public Builder target(TargetConfig target) {
            return job(j -> j.target = target);
        }

        /** The data contract (required). */
        public Builder asset(AssetDefinition asset) {
            return job(j -> j.asset = asset);
        }

        /** What to do with invalid records; {@code STRICT} by default. */
        public Builder validationMode(ValidationMode mode) {
            return job(j -> j.mode = Objects.requireNonNull(mode));
        }

        /** How to retry retryable failures. */
        public Builder retry(RetryConfig retry) {
            return job(j -> j.retry = Objects.requireNonNull(retry));
        }

        /** How many splits a run reads at once; by default the number of cores. */
        public Builder parallelism(int splits) {
            if (splits < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1");
            }
            return job(j -> j.parallelism = splits);
        }

        /** The longest a run may take; it then ends as {@link RunStatus#TIMED_OUT}, with nothing committed. */
        public Builder timeout(Duration timeout) {
            return parts(parts.withTimeout(timeout));
        }

        /** Where the run's threads come from; see {@link Pipeline#withExecutor}. */
        public Builder executor(ExecutorService executor) {
            return parts(parts.withExecutor(executor));
        }

        /**
         * Makes the readers instead of finding one by the source's type: one for planning, then a fresh one for each
         * split of each attempt.
         */
        public Builder reader(Supplier<? extends BaseReader> readers) {
            return parts(parts.withReader(Objects.requireNonNull(readers), false));
        }

        /**
         * Makes the writers instead of finding one by the target's type: one for the commit of each attempt, and one
         * for each split of a writer that {@linkplain BaseWriter#stagesIndependently() stages independently}.
         */
        public Builder writer(Supplier<? extends BaseWriter> writers) {
            return parts(parts.withWriter(Objects.requireNonNull(writers), false));
        }

        /**
         * A reader instance for one attempt of one run, reading the whole source as one split. A pipeline built
         * with it cannot run twice, retry, or check before running: the instance is closed after its use.
         *
         * @deprecated pass a {@link Supplier} to {@link #reader(Supplier)}, so that every use gets a fresh instance
         */
        @Deprecated
        public Builder reader(BaseReader reader) {
            return parts(parts.withReader(Connectors.once(Objects.requireNonNull(reader), "reader"), true));
        }

        /**
         * A writer instance for one attempt of one run, shared by every split. A pipeline built with it cannot run
         * twice or retry: the instance is closed after its use.
         *
         * @deprecated pass a {@link Supplier} to {@link #writer(Supplier)}, so that every use gets a fresh instance
         */
        @Deprecated
        public Builder writer(BaseWriter writer) {
            return parts(parts.withWriter(Connectors.once(Objects.requireNonNull(writer), "writer"), true));
        }

        /** The parent allocator for the run's Arrow memory; by default each run has a root allocator of its own. */
        public Builder allocator(BufferAllocator allocator) {
            return parts(parts.withAllocator(allocator));
        }

        /** The most Arrow memory a run may hold, in bytes. */
        public Builder allocatorLimit(long bytes) {
            return parts(parts.withAllocatorLimit(bytes));
        }

        /** The pipeline; checks that the required parts are there. */
        public Pipeline build() {
            JobSpec spec = job.spec(parts.writer() != null);
            return new Pipeline(spec, job.masker(spec), parts);
        }
    }
}
