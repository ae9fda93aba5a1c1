package io.dativo.api;

/**
 * One entry of {@code source.tables}.
 *
 * @param name        the table name
 * @param object      the object name for state and output, or {@code null} for {@code name}
 * @param cursorField the cursor column for incremental reads, or {@code null}
 * @since 0.1
 */
public record TableSpec(String name, String object, String cursorField) {
}
