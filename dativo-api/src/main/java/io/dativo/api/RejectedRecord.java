package io.dativo.api;

import java.util.Map;

/**
 * A record that failed validation in {@code quarantine} mode.
 *
 * @param position where it came from, such as {@code data.csv:17}
 * @param values   its values as read, by column
 * @param errors   the reason per field
 * @since 0.1
 */
public record RejectedRecord(String position, Map<String, Object> values, Map<String, String> errors) {

    /** Copies the maps so the value cannot change. */
    public RejectedRecord {
        values = Maps.copy(values);
        errors = Map.copyOf(errors);
    }
}
