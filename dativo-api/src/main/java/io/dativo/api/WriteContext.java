package io.dativo.api;

import java.time.Instant;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What a writer gets from the pipeline for one run.
 *
 * @since 0.1
 */
public interface WriteContext {

    /** The data contract: schema, names, governance metadata. */
    AssetDefinition asset();

    /** The target configuration: connection, format, partitioning, file size. */
    TargetConfig target();

    /** The base path of the output, such as {@code /data/lake/raw/domain/product/asset}. */
    String outputBase();

    /** The tenant the run belongs to. */
    String tenantId();

    /** The run's identifier; unique per run, suitable for file names. */
    String runId();

    /** When the run started; {@code ingest_date} partitions use its UTC date. */
    Instant runStartedAt();

    /** An allocator the writer may use for buffers of its own. */
    BufferAllocator allocator();
}
