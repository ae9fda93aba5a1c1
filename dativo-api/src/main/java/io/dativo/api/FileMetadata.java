package io.dativo.api;

import java.util.Map;

/**
 * What a writer wrote: one file or unit of output.
 *
 * @param path            where it is (or will be, after commit)
 * @param sizeBytes       its size
 * @param recordCount     records in it
 * @param partitionValues partition column to value, such as {@code ingest_date=2026-11-24}
 * @param extra           anything else the writer wants to report, such as min/max values
 * @since 0.1
 */
public record FileMetadata(String path, long sizeBytes, long recordCount, Map<String, String> partitionValues,
                           Map<String, Object> extra) {

    /** Copies the maps so the value cannot change. */
    public FileMetadata {
        partitionValues = partitionValues == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(partitionValues));
        extra = Maps.copy(extra);
    }
}
