package io.dativo.api;

/**
 * One entry of {@code source.tables}.
 *
 * @param name            the table name
 * @param object          the object name for state and output, or {@code null} for {@code name}
 * @param cursorField     the cursor column for incremental reads, or {@code null}
 * @param partitionColumn the column this table's ranges are cut on, or {@code null} for the source's
 * @param partitions      how many ranges this table is read in, or {@code null} for the source's
 * @since 0.1
 */
public record TableSpec(String name, String object, String cursorField, String partitionColumn,
                        Integer partitions) {

    /** A table read with the source's partitioning. */
    public TableSpec(String name, String object, String cursorField) {
        this(name, object, cursorField, null, null);
    }
}
