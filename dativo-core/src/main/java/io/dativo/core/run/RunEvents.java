package io.dativo.core.run;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * What the engine tells its host while an attempt runs; {@code io.dativo.core} turns these into listener calls.
 * Batch events come from the splits' threads, so implementations are thread-safe.
 */
public interface RunEvents {

    /** The attempt planned its splits; {@code estimate} is what the reader expects to read, if it can tell. */
    default void started(OptionalLong estimate) {
    }

    /** A batch was read and validated; the totals are the attempt's so far. */
    default void batchRead(String object, long records, long bytes, long invalid, long totalRecords, long totalBytes,
                           Duration elapsed) {
    }

    /** A batch was handed to a split writer; the totals are the attempt's so far. */
    default void batchWritten(String object, long records, long bytes, long invalid, long totalRecords,
                              long totalBytes, Duration elapsed) {
    }
}
