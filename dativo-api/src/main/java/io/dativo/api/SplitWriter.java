package io.dativo.api;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes the validated batches of one split and stages them, invisible, as {@link WriteFragment}s. Made by
 * {@link BaseWriter#newSplitWriter} once per split attempt; used by one thread. Nothing it writes may become visible
 * before a {@link Committer} commits its fragments.
 *
 * @since 0.2
 */
public interface SplitWriter extends AutoCloseable {

    /** Writes one batch; the caller keeps ownership of {@code batch} and closes it after this returns. */
    void write(VectorSchemaRoot batch) throws Exception;

    /**
     * Stages records that failed validation beside the target. Called only when the writer
     * {@linkplain BaseWriter#supportsRejects() supports rejects}.
     */
    default void writeRejects(List<RejectedRecord> rejects) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " does not write rejected records");
    }

    /** Completes what is still open and returns everything this writer staged. Called once, at the end of input. */
    List<WriteFragment> finish() throws Exception;

    /** Removes whatever this writer staged; called instead of {@link #finish()} when the split fails. */
    default void abort() throws Exception {
    }

    /** Releases files and buffers. Called once, also after a failure. */
    @Override
    default void close() throws Exception {
    }
}
