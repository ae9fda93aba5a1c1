package io.dativo.core.run;

import io.dativo.api.FileMetadata;
import io.dativo.core.validate.ValidationSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one attempt did.
 *
 * @param runId          the run
 * @param attempt        the attempt, from 1
 * @param startedAt      when it started
 * @param finishedAt     when it ended
 * @param committed      true if its commit happened
 * @param failure        why it did not commit, or {@code null}
 * @param stopped        why it was stopped early, or {@code null}
 * @param recordsRead    records its readers produced
 * @param recordsWritten records its writers were given
 * @param validation     what validation found, over every split
 * @param files          the data files committed
 * @param stateBefore    committed state when it started
 * @param stateAfter     committed state when it ended
 * @param waiting        time the writers waited, summed over splits
 * @param writing        time in the writers, summed over splits
 * @param committing     time in the commit
 * @param warnings       what went wrong without failing it
 * @param bytesRead      the Arrow buffer bytes of the batches its readers produced
 * @param cpu            processor time by stage, and the process's over the attempt
 */
public record Attempt(String runId, int attempt, Instant startedAt, Instant finishedAt, boolean committed,
                      Throwable failure, Cancellation.Reason stopped, long recordsRead, long recordsWritten,
                      ValidationSummary validation, List<FileMetadata> files, Map<String, Map<String, Object>> stateBefore,
                      Map<String, Map<String, Object>> stateAfter, Duration waiting, Duration writing,
                      Duration committing, List<String> warnings, long bytesRead, CpuTimes cpu) {

    /** Copies the collections so the value cannot change. */
    public Attempt {
        files = List.copyOf(files);
        stateBefore = Map.copyOf(stateBefore);
        stateAfter = Map.copyOf(stateAfter);
        warnings = List.copyOf(warnings);
    }
}
