package io.dativo.api;

import org.apache.arrow.memory.BufferAllocator;

/**
 * What a reader gets from the pipeline for one run.
 *
 * @since 0.1
 */
public interface ReadContext {

    /** The allocator for the vectors of the batches this reader produces. */
    BufferAllocator allocator();

    /** The data contract the records will be checked against; readers may use its field order and types. */
    AssetDefinition asset();

    /** Rows per batch the pipeline asks for (engine option {@code batch_size}). */
    int batchSize();

    /** The run's identifier, for logs. */
    String runId();

    /**
     * The committed state of {@code object} from the last successful run, if any. Readers of incremental sources
     * start after it.
     */
    default java.util.Optional<StateRecord> committedState(String object) {
        return java.util.Optional.empty();
    }

    /**
     * Proposes the state of {@code object} once every batch it covers has been handed to the sink. The pipeline
     * saves the last proposal of each object after the target commits, and never if the run fails.
     */
    default void proposeState(String object, java.util.Map<String, Object> values) {
    }

    /**
     * The split this reader reads; {@link ReadSplit#whole()} when the reader planned none, and while planning.
     *
     * @since 0.2
     */
    default ReadSplit split() {
        return ReadSplit.whole();
    }

    /**
     * How many splits the run reads at once (job key {@code parallelism}); planners may use it to size splits.
     *
     * @since 0.2
     */
    default int parallelism() {
        return 1;
    }

    /**
     * The bytes of input a split should cover, from the target's {@code target_file_size_mb}: many small files make
     * one split, a large file may make several.
     *
     * @since 0.2
     */
    default long targetSplitBytes() {
        return 128L << 20;
    }

    /** True once the run is being stopped; long reads should check it between batches. */
    default boolean cancelled() {
        return false;
    }
}
