package io.dativo.api;

/**
 * The {@code incremental} block of a source: how to read only what is new.
 *
 * @param strategy     {@code file_modified_time}, {@code updated_at} (a cursor column) or {@code full_refresh}
 * @param cursorField  the cursor column for cursor strategies, or {@code null}
 * @param lookbackDays how many days before the last position to read again
 * @param statePath    where a file state store keeps its documents, or {@code null} for the default
 * @since 0.1
 */
public record IncrementalSpec(String strategy, String cursorField, int lookbackDays, String statePath) {

    /** Shows a JDBC state path without its credentials. */
    @Override
    public String toString() {
        return "IncrementalSpec[strategy=" + strategy + ", cursorField=" + cursorField + ", lookbackDays="
                + lookbackDays + ", statePath=" + Secrets.maskUrl(statePath) + "]";
    }
}
