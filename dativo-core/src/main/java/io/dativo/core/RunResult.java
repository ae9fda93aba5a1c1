package io.dativo.core;

import io.dativo.api.FileMetadata;
import io.dativo.core.validate.ValidationSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run did. Messages are free of secrets.
 *
 * @param status         how it ended
 * @param runId          the run's identifier, also in file names and the manifest
 * @param jobName        the job
 * @param tenantId       the tenant
 * @param recordsRead    records the source produced
 * @param recordsValid   records without errors
 * @param recordsInvalid records with at least one error
 * @param recordsWritten records committed to the target (not counting quarantined ones)
 * @param files          the committed files, with path, size, record count and partition values
 * @param validation     what validation found
 * @param startedAt      when the run started
 * @param finishedAt     when it ended
 * @param timings        where the time went
 * @param stateBefore    object to its committed state values when the run started (incremental jobs)
 * @param stateAfter     object to its state values when the run ended; equal to {@code stateBefore} on failure
 * @param attempts       how many attempts the run took (more than 1 after retries)
 * @param error          why it failed, or {@code null}
 * @param failure        the failure with secrets masked in its messages, or {@code null}
 */
public record RunResult(RunStatus status, String runId, String jobName, String tenantId, long recordsRead,
                        long recordsValid, long recordsInvalid, long recordsWritten, List<FileMetadata> files,
                        ValidationSummary validation, Instant startedAt, Instant finishedAt, Timings timings,
                        Map<String, Map<String, Object>> stateBefore, Map<String, Map<String, Object>> stateAfter,
                        int attempts, String error, Throwable failure) {

    /**
     * Where a run's time went.
     *
     * @param total      start to end
     * @param waiting    time the writer waited for the source and validation
     * @param writing    time in the writer's {@code writeBatch} and {@code finish}
     * @param committing time in the writer's commit
     */
    public record Timings(Duration total, Duration waiting, Duration writing, Duration committing) {
    }

    /** Copies the list so the value cannot change. */
    public RunResult {
        files = List.copyOf(files);
        stateBefore = Map.copyOf(stateBefore);
        stateAfter = Map.copyOf(stateAfter);
    }

    /** True unless the run failed. */
    public boolean succeeded() {
        return status != RunStatus.FAILED;
    }

    /** The failure, if any. */
    public Optional<Throwable> failureCause() {
        return Optional.ofNullable(failure);
    }

    /** This result if the run succeeded; otherwise throws its failure. */
    public RunResult orThrow() {
        if (status == RunStatus.FAILED) {
            throw failure instanceof RuntimeException r ? r : new io.dativo.api.DativoException(error, failure);
        }
        return this;
    }
}
