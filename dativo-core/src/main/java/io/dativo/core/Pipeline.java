package io.dativo.core;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.ConfigException;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DativoException;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.LeaseHeldException;
import io.dativo.api.StateKey;
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
import io.dativo.core.plugin.Plugins;
import io.dativo.core.run.Cancellation;
import io.dativo.core.run.RunExecution;
import io.dativo.core.run.RunSetup;
import io.dativo.core.state.FileStateStore;
import io.dativo.core.state.JdbcStateStore;
import io.dativo.core.state.JobRecords;
import io.dativo.core.state.StateStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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

    /** How long a stopping split waits for its stages before it abandons them. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);

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

    /** Starts initializing Arrow's schema classes, which every run needs, while the job is being set up. */
    private static void preload() {
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
        if (parts.stateStore() != null) {
            return parts.stateStore();
        }
        return StateStores.forSource(spec.source().incremental(), Path.of(spec.source().baseDir()));
    }

    /** The committed state of every object of this job. */
    public List<StateRecord> state() {
        return withStore(store -> store.list(spec.tenantId(), spec.name()).stream()
                .filter(r -> !JobRecords.isRecord(r)).toList());
    }

    /**
     * Resets the state of {@code object} (every object of the job when null), so the next run reads it from the
     * start. The reset is recorded as an empty state, newer than any commit the target holds.
     */
    public void resetState(String object) {
        withStore(store -> {
            Instant now = Instant.now();
            String origin = "reset-" + RunLoop.newRunId(now);
            List<StateRecord> resets = new ArrayList<>();
            for (StateRecord r : store.list(spec.tenantId(), spec.name())) {
                if (object == null || r.key().object().equals(object)) {
                    resets.add(new StateRecord(r.key(), Map.of(), origin, now, null));
                }
            }
            if (object != null && resets.isEmpty()) {
                resets.add(new StateRecord(new StateKey(spec.tenantId(), spec.name(), object), Map.of(), origin, now,
                        null));
            }
            store.save(resets);
            return null;
        });
    }

    private <T> T withStore(Function<StateStore, T> action) {
        try {
            if (parts.stateStore() != null) {
                return action.apply(parts.stateStore());
            }
            try (StateStore store = stateStore()) {
                return action.apply(store);
            }
        } catch (Exception e) {
            throw masked(e, "the state store failed");
        }
    }

    /** {@code e} as a {@link DativoException} (wrapped, with {@code what} said, if it is not one), masked. */
    private RuntimeException masked(Exception e, String what) {
        return (RuntimeException) new FailureMasking(masker).mask(e instanceof DativoException ? e
                : new DativoException(what + ": " + e.getMessage(), e));
    }

    /**
     * What this job's messages are masked with: its secrets and the passwords of URLs. A host printing its own
     * messages about the job (a path, a connection, an exception a plugin threw) passes them through it.
     */
    public Masker masker() {
        return masker;
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

    /** Tests the source and target connections without reading or writing data. */
    public Checks check() {
        ConnectionCheck source;
        try (Plugins.Loaded<BaseReader> r = Connectors.readers(parts.reader(), spec.source()).get();
             BaseReader in = r.instance()) {
            in.open(spec.source());
            source = in.checkConnection();
        } catch (Exception e) {
            source = ConnectionCheck.failed(e.getClass().getSimpleName(), e.getMessage());
        }
        ConnectionCheck target;
        try (Plugins.Loaded<BaseWriter> w = Connectors.writers(parts.writer(), spec.target()).get()) {
            target = w.instance().checkConnection(spec.target());
        } catch (Exception e) {
            target = ConnectionCheck.failed(e.getClass().getSimpleName(), e.getMessage());
        }
        return new Checks(masked(source), masked(target));
    }

    /** {@code check} with its message and code masked; a plugin's check may quote a path or URL holding a secret. */
    private ConnectionCheck masked(ConnectionCheck check) {
        return check == null ? ConnectionCheck.failed("NO_RESULT", "the connector's check returned nothing")
                : new ConnectionCheck(check.success(), masker.mask(check.message()), masker.mask(check.errorCode()));
    }

    /** The objects the source can read, with their columns where the reader knows them. */
    public List<DiscoveredObject> discover() {
        try (Plugins.Loaded<BaseReader> r = Connectors.readers(parts.reader(), spec.source()).get();
             BaseReader in = r.instance()) {
            in.open(spec.source());
            return in.discover();
        } catch (Exception e) {
            throw masked(e, "discovery failed");
        }
    }

    /**
     * Completes the commits of runs of this job's target that died half-way, and removes what dead runs staged, at
     * once rather than at the next run. Between such a crash and the recovery, a reader of the target's files may
     * see part of the dead run's output.
     *
     * @return what was done, one line each; empty when there was nothing to do
     */
    public List<String> recover() {
        try {
            return masker.mask(RunExecution.recover(spec, Connectors.writers(parts.writer(), spec.target())));
        } catch (Exception e) {
            throw masked(e, "recovery failed");
        }
    }

    /**
     * Runs the job once and returns what it did. Never throws for a failure of the run itself: a run that did not
     * commit returns a result with status {@link RunStatus#FAILED}, {@link RunStatus#CANCELLED} or
     * {@link RunStatus#TIMED_OUT}. Interrupting the calling thread cancels the run; the interrupt flag is kept.
     *
     * @throws DativoException if the JVM lacks the flag Apache Arrow needs
     */
    public RunResult run() {
        RunHandle handle = start();
        try {
            return handle.result();
        } catch (InterruptedException e) {
            handle.cancel();
            RunResult result = handle.resultUninterruptibly();
            Thread.currentThread().interrupt();
            return result;
        }
    }

    /**
     * Starts the job on a thread of its own and returns a handle to wait for it or cancel it.
     *
     * @throws DativoException if the JVM lacks the flag Apache Arrow needs
     */
    public RunHandle start() {
        ArrowSupport.check();
        Cancellation cancellation = new Cancellation();
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        Thread runner = new Thread(() -> result.complete(execute(cancellation)), "dativo-run-" + spec.name());
        runner.start();
        Duration timeout = parts.timeout() != null ? parts.timeout()
                : spec.timeoutSeconds() > 0 ? Duration.ofSeconds(spec.timeoutSeconds()) : null;
        if (timeout != null) {
            CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS)
                    .execute(() -> cancellation.cancel(Cancellation.Reason.TIMED_OUT));
        }
        return new RunHandle(spec.name(), cancellation, result);
    }

    private RunResult execute(Cancellation cancellation) {
        Instant started = Instant.now();
        RunLoop loop = new RunLoop(spec, new FailureMasking(masker), parts.listeners());
        ExecutorService own = parts.executor() == null ? Executors.newCachedThreadPool(PipelineParts::daemon) : null;
        boolean incremental = incremental();
        StateStore owned = null;
        try {
            owned = incremental && parts.stateStore() == null ? stateStore() : null;
            StateStore store = incremental ? (owned != null ? owned : parts.stateStore()) : null;
            return loop.run(events -> new RunSetup(spec, Connectors.readers(parts.reader(), spec.source()),
                    Connectors.writers(parts.writer(), spec.target()), parts.oneReader(), parts.oneWriter(),
                    parts.allocator(), parts.allocatorLimit(), store, own != null ? own : parts.executor(),
                    spec.effectiveParallelism(), STOP_GRACE, parts.claimOptions(), events, masker), cancellation);
        } catch (Throwable t) {
            return loop.failed(t, started);
        } finally {
            if (own != null) {
                own.shutdown();
            }
            PipelineParts.closeQuietly(owned, masker);
        }
    }

    private boolean incremental() {
        IncrementalSpec inc = spec.source().incremental();
        return inc != null && !"full_refresh".equals(inc.strategy());
    }

    /** Builds a pipeline in code. */
    public static final class Builder {
        private String name = "job";
        private String tenantId;
        private String environment;
        private SourceConfig source;
        private TargetConfig target;
        private AssetDefinition asset;
        private ValidationMode mode = ValidationMode.STRICT;
        private RetryConfig retry = RetryConfig.none();
        private int parallelism;
        private PipelineParts parts = PipelineParts.defaults();

        private Builder() {
        }

        /**
         * How long a run of an incremental job waits for another run of it to end; by default none: it fails at once
         * with a {@link LeaseHeldException} naming that run.
         */
        public Builder waitForClaim(Duration maxWait) {
            parts = parts.withClaimWait(maxWait);
            return this;
        }

        /** Reports the run's events to {@code listener}. */
        public Builder listener(RunListener listener) {
            parts = parts.withListener(listener);
            return this;
        }

        /** Where incremental state is kept; by default a {@link FileStateStore} (see {@link Pipeline#stateStore()}). */
        public Builder stateStore(StateStore store) {
            parts = parts.withStateStore(store);
            return this;
        }

        /** The job's name, used in logs, state and output metadata. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        /** The tenant (required). */
        public Builder tenant(String tenantId) {
            this.tenantId = tenantId;
            return this;
        }

        /** Free text such as {@code prod}. */
        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        /** The source; its type or custom reader picks the reader unless {@link #reader(Supplier)} is given. */
        public Builder source(SourceConfig source) {
            this.source = source;
            return this;
        }

        /** The target; its type or custom writer picks the writer unless {@link #writer(Supplier)} is given. */
        public Builder target(TargetConfig target) {
            this.target = target;
            return this;
        }

        /** The data contract (required). */
        public Builder asset(AssetDefinition asset) {
            this.asset = asset;
            return this;
        }

        /** What to do with invalid records; {@code STRICT} by default. */
        public Builder validationMode(ValidationMode mode) {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        /** How to retry retryable failures. */
        public Builder retry(RetryConfig retry) {
            this.retry = Objects.requireNonNull(retry);
            return this;
        }

        /** How many splits a run reads at once; by default the number of cores. */
        public Builder parallelism(int splits) {
            if (splits < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1");
            }
            this.parallelism = splits;
            return this;
        }

        /** The longest a run may take; it then ends as {@link RunStatus#TIMED_OUT}, with nothing committed. */
        public Builder timeout(Duration timeout) {
            parts = parts.withTimeout(timeout);
            return this;
        }

        /** Where the run's threads come from; see {@link Pipeline#withExecutor}. */
        public Builder executor(ExecutorService executor) {
            parts = parts.withExecutor(executor);
            return this;
        }

        /**
         * Makes the readers instead of finding one by the source's type: one for planning, then a fresh one for each
         * split of each attempt.
         */
        public Builder reader(Supplier<? extends BaseReader> readers) {
            parts = parts.withReader(Objects.requireNonNull(readers), false);
            return this;
        }

        /**
         * Makes the writers instead of finding one by the target's type: one for the commit of each attempt, and one
         * for each split of a writer that {@linkplain BaseWriter#stagesIndependently() stages independently}.
         */
        public Builder writer(Supplier<? extends BaseWriter> writers) {
            parts = parts.withWriter(Objects.requireNonNull(writers), false);
            return this;
        }

        /**
         * A reader instance for one attempt of one run, reading the whole source as one split. A pipeline built
         * with it cannot run twice, retry, or check before running: the instance is closed after its use.
         *
         * @deprecated pass a {@link Supplier} to {@link #reader(Supplier)}, so that every use gets a fresh instance
         */
        @Deprecated
        public Builder reader(BaseReader reader) {
            parts = parts.withReader(Connectors.once(Objects.requireNonNull(reader), "reader"), true);
            return this;
        }

        /**
         * A writer instance for one attempt of one run, shared by every split. A pipeline built with it cannot run
         * twice or retry: the instance is closed after its use.
         *
         * @deprecated pass a {@link Supplier} to {@link #writer(Supplier)}, so that every use gets a fresh instance
         */
        @Deprecated
        public Builder writer(BaseWriter writer) {
            parts = parts.withWriter(Connectors.once(Objects.requireNonNull(writer), "writer"), true);
            return this;
        }

        /** The parent allocator for the run's Arrow memory; by default each run has a root allocator of its own. */
        public Builder allocator(BufferAllocator allocator) {
            parts = parts.withAllocator(allocator);
            return this;
        }

        /** The most Arrow memory a run may hold, in bytes. */
        public Builder allocatorLimit(long bytes) {
            parts = parts.withAllocatorLimit(bytes);
            return this;
        }

        /** The pipeline; checks that the required parts are there. */
        public Pipeline build() {
            List<String> missing = new ArrayList<>();
            if (tenantId == null) {
                missing.add("tenant");
            }
            if (asset == null) {
                missing.add("asset");
            }
            if (source == null) {
                missing.add("source");
            }
            if (target == null && parts.writer() == null) {
                missing.add("target or writer");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Pipeline.builder() needs " + String.join(", ", missing));
            }
            TargetConfig t = target != null ? target : new TargetConfig("custom", null, Map.of(), Map.of(), Map.of(),
                    "parquet", "snappy", List.of(), 128, "append", Map.of(), System.getProperty("user.dir"));
            JobSpec spec = new JobSpec(name, tenantId, environment, source, t, asset, mode, retry, null, parallelism,
                    0);
            return new Pipeline(spec, Masker.ofBuilt(source, t), parts);
        }
    }
}
