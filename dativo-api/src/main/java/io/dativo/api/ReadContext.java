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

    /** True once the run is being stopped; long reads should check it between batches. */
    default boolean cancelled() {
        return false;
    }
}
