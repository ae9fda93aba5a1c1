package io.dativo.core.format;

import io.dativo.api.ColumnStats;
import io.dativo.api.io.PendingFile;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes validated batches into one staged file of one format. The writer opens the file's stream itself and
 * closes it in {@link #close()} (or {@link #abort()}), so no path leaves a stream open.
 */
public interface FormatWriter extends Closeable {

    /**
     * Writes the listed rows of {@code root}, or all rows when {@code rows} is null. A writer may keep what it read
     * of a root for the next call with the same root (several calls for parts of one batch), so a root refilled in
     * place must not be passed again: each batch comes in a root of its own.
     */
    void write(VectorSchemaRoot root, int[] rows, int count) throws IOException;

    /** Bytes written so far, including what is buffered for the file. */
    long bytes();

    /** Completes the file and closes its stream; the file stays staged until its {@link PendingFile} is published. */
    @Override
    void close() throws IOException;

    /**
     * What the closed file holds: the staged file, its records and bytes, and the statistics of each column.
     *
     * @throws IllegalStateException before a successful {@link #close()}
     */
    Written written();

    /**
     * Closes the stream without completing the file and returns what was staged, for the caller to discard, or
     * {@code null} if nothing was. Never throws.
     */
    PendingFile abort();

    /** A completed file: the staged bytes, records, size, and column name to statistics in contract order. */
    record Written(PendingFile pending, long records, long bytes, Map<String, ColumnStats> columns) {
    }

    /** The file name extension, such as {@code .parquet}. */
    static String extension(String format) {
        return switch (format) {
            case "csv" -> ".csv";
            case "jsonl" -> ".jsonl";
            default -> ".parquet";
        };
    }
}
