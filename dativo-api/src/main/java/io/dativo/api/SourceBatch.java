package io.dativo.api;

import java.util.Arrays;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A batch of records as read from a source, with where it came from.
 *
 * @param root    the records; column types are the reader's choice, the pipeline coerces them to the contract
 * @param object  the source object the records belong to, such as a table or a file's object name
 * @param origin  where they were read, such as a file path; used in error reports
 * @param lines   for each row, its line number in {@code origin}, or {@code null} when rows have no line
 * @since 0.1
 */
public record SourceBatch(VectorSchemaRoot root, String object, String origin, long[] lines) {

    /** A batch without line numbers. */
    public static SourceBatch of(VectorSchemaRoot root, String object, String origin) {
        return new SourceBatch(root, object, origin, null);
    }

    /** A human-readable position of {@code row}: {@code file:line}, or {@code origin row N} (1-based). */
    public String position(int row) {
        if (lines != null && row < lines.length) {
            return origin + ":" + lines[row];
        }
        return origin + " row " + (row + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceBatch b && b.root == root && java.util.Objects.equals(b.object, object)
                && java.util.Objects.equals(b.origin, origin) && Arrays.equals(b.lines, lines);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(root) * 31 + java.util.Objects.hashCode(origin);
    }

    @Override
    public String toString() {
        return "SourceBatch[object=" + object + ", origin=" + origin + ", rows=" + root.getRowCount() + "]";
    }
}
