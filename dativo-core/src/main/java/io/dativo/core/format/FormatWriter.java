package io.dativo.core.format;

import java.io.Closeable;
import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Writes validated batches into one file of one format. */
public interface FormatWriter extends Closeable {

    /** Writes the listed rows of {@code root}, or all rows when {@code rows} is null. */
    void write(VectorSchemaRoot root, int[] rows, int count) throws IOException;

    /** Bytes written so far, including what is buffered for the file. */
    long bytes();

    /** The file name extension, such as {@code .parquet}. */
    static String extension(String format) {
        return switch (format) {
            case "csv" -> ".csv";
            case "jsonl" -> ".jsonl";
            default -> ".parquet";
        };
    }
}
