package io.dativo.core.run;

import io.dativo.api.WriteFragment;
import io.dativo.core.validate.ValidationSummary;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one attempt of one split produced: the fragments its writer staged (data and rejected records, each naming
 * the split and the attempt), the state its reader proposed, and its counts. Plain serializable data, so that a
 * split run as a task of another engine reports back to the driver that commits the run.
 *
 * @param splitId        the split
 * @param attempt        the attempt of the split that produced it, from 1
 * @param fragments      what its writer staged, not yet visible
 * @param proposals      object to the last state its reader proposed
 * @param validation     what validation found in it
 * @param recordsRead    records its reader produced
 * @param bytesRead      the Arrow buffer bytes of those records
 * @param recordsWritten records handed to its writer
 * @param waitNanos      time its writer waited for batches
 * @param writeNanos     time in its writer
 */
public record SplitOutcome(String splitId, int attempt, List<WriteFragment> fragments,
                           Map<String, Map<String, Object>> proposals, ValidationSummary validation, long recordsRead,
                           long bytesRead, long recordsWritten, long waitNanos, long writeNanos)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Copies the collections so the value cannot change. */
    public SplitOutcome {
        Objects.requireNonNull(splitId, "splitId");
        Objects.requireNonNull(validation, "validation");
        fragments = List.copyOf(fragments);
        proposals = Collections.unmodifiableMap(new LinkedHashMap<>(proposals));
    }
}
