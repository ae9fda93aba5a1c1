package io.dativo.core.validate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What validation found in a run. Serializable, so that a split run in another process reports it with its outcome.
 *
 * @param totalErrors      invalid values in all
 * @param invalidRecords   records with at least one invalid value
 * @param errorsByKind     counts by kind, such as {@code required} or {@code invalid_timestamp}
 * @param errorsByField    counts by contract field
 * @param firstErrors      the first {@value #MAX_DETAILS} errors, with their source positions
 * @param droppedColumns   source columns the contract does not name, with how many records had them
 */
public record ValidationSummary(long totalErrors, long invalidRecords, Map<String, Long> errorsByKind,
                                Map<String, Long> errorsByField, List<ValidationError> firstErrors,
                                Map<String, Long> droppedColumns) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** How many errors are kept with details. */
    public static final int MAX_DETAILS = 100;

    /** Copies the collections so the value cannot change. */
    public ValidationSummary {
        errorsByKind = Map.copyOf(errorsByKind);
        errorsByField = Map.copyOf(errorsByField);
        firstErrors = List.copyOf(firstErrors);
        droppedColumns = Map.copyOf(droppedColumns);
    }

    /** A summary of a run without errors. */
    public static ValidationSummary empty() {
        return new ValidationSummary(0, 0, Map.of(), Map.of(), List.of(), Map.of());
    }

    /**
     * The summary of this run part and {@code other} together, such as two splits of one run: counts added, the
     * first errors of this one before those of {@code other}, up to {@value #MAX_DETAILS}.
     */
    public ValidationSummary merge(ValidationSummary other) {
        List<ValidationError> first = new ArrayList<>(firstErrors);
        other.firstErrors.stream().limit(Math.max(0, MAX_DETAILS - first.size())).forEach(first::add);
        return new ValidationSummary(totalErrors + other.totalErrors, invalidRecords + other.invalidRecords,
                sum(errorsByKind, other.errorsByKind), sum(errorsByField, other.errorsByField), first,
                sum(droppedColumns, other.droppedColumns));
    }

    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> out = new HashMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, Long::sum));
        return out;
    }

    /** True if nothing was invalid. */
    public boolean clean() {
        return totalErrors == 0;
    }
}
