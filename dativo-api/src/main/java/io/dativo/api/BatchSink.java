package io.dativo.api;

/**
 * Receives the batches a reader produces.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface BatchSink {

    /**
     * Takes ownership of the batch's vectors: the reader must not touch or close them afterwards.
     * Blocks while the pipeline is busy, which keeps memory bounded.
     */
    void accept(SourceBatch batch) throws Exception;
}
