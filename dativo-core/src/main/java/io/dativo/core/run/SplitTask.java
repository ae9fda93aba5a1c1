package io.dativo.core.run;

import io.dativo.api.ReadSplit;
import io.dativo.core.config.JobLocation;
import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One split of a planned run, with everything a worker in another process needs to read, validate and stage it
 * ({@link SplitWorker#run}): where the job is, which run it belongs to, and the state committed before the run.
 *
 * @param job            where the job is; the worker loads it from there
 * @param jobFingerprint the job's identity as the driver loaded it; a worker that loads another job refuses it
 * @param runId          the run
 * @param runStartedAt   when the run started (output partitions and names derive from it)
 * @param outputBase     where the asset's output goes
 * @param keepsState     true if the job is incremental: its reader's proposals are kept
 * @param committedState object to the state committed before the run, for every object of the job that has any
 * @param parallelism    how many splits the run reads at once, as the reader was told when it planned
 * @param split          the split to read
 */
public record SplitTask(JobLocation job, String jobFingerprint, String runId, Instant runStartedAt, String outputBase,
                        boolean keepsState, Map<String, Map<String, Object>> committedState, int parallelism,
                        ReadSplit split) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Checks the parts and copies the state so the value cannot change. */
    public SplitTask {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(jobFingerprint, "jobFingerprint");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(runStartedAt, "runStartedAt");
        Objects.requireNonNull(outputBase, "outputBase");
        Objects.requireNonNull(split, "split");
        committedState = Collections.unmodifiableMap(new LinkedHashMap<>(committedState));
    }
}
