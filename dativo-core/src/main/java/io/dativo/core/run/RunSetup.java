package io.dativo.core.run;

import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.ClaimOptions;
import io.dativo.api.StateStore;
import io.dativo.core.config.JobSpec;
import io.dativo.core.config.Masker;
import io.dativo.core.plugin.Plugins;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What every attempt of one run is made from.
 *
 * @param spec            the job
 * @param readers         a fresh reader for each use (the planner, each split), with its plugin class loader
 * @param writers         a fresh writer for each use (the committer, each split of a writer that stages
 *                        independently)
 * @param singleReader    true when {@code readers} serves one instance only: the run reads one whole split with it
 *                        and plans nothing
 * @param singleWriter    true when {@code writers} serves one instance only: every split and the commit use it
 * @param parentAllocator the parent of the run's Arrow memory, or {@code null} for a root allocator of its own
 * @param allocatorLimit  the most Arrow memory a run may hold
 * @param stateStore      where state is kept, or {@code null} when the job keeps none
 * @param executor        where the splits' and stages' threads come from; it must run at least three tasks per
 *                        split at once
 * @param parallelism     how many splits run at once
 * @param stopGrace       how long a stopping split waits for its stages before it abandons them
 * @param claimOptions    how a run of an incremental job claims it from the state store
 * @param events          what hears the attempt's progress
 * @param masker          what every message of the run (warnings, logs) is masked with; by default URL passwords
 *                        only
 */
public record RunSetup(JobSpec spec, Supplier<Plugins.Loaded<BaseReader>> readers,
                       Supplier<Plugins.Loaded<BaseWriter>> writers, boolean singleReader, boolean singleWriter,
                       BufferAllocator parentAllocator, long allocatorLimit, StateStore stateStore, Executor executor,
                       int parallelism, Duration stopGrace, ClaimOptions claimOptions,
                       RunEvents events, Masker masker) {

    /** Checks the required parts. */
    public RunSetup {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(readers, "readers");
        Objects.requireNonNull(writers, "writers");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(stopGrace, "stopGrace");
        claimOptions = claimOptions == null ? ClaimOptions.defaults() : claimOptions;
        events = events == null ? new RunEvents() { } : events;
        masker = masker == null ? Masker.urlsOnly() : masker;
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }
}
