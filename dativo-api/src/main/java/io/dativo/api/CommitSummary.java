package io.dativo.api;

import java.util.List;
import java.util.Map;

/**
 * What a writer's commit made visible.
 *
 * @param filesCommitted how many files or units
 * @param recordsCommitted how many records
 * @param details anything else the writer reports, such as a table version
 * @since 0.1
 */
public record CommitSummary(int filesCommitted, long recordsCommitted, Map<String, Object> details) {

    /** Copies the map so the value cannot change. */
    public CommitSummary {
        details = Maps.copy(details);
    }

    /** The summary of committing exactly {@code files}. */
    public static CommitSummary of(List<FileMetadata> files) {
        return new CommitSummary(files.size(), files.stream().mapToLong(FileMetadata::recordCount).sum(), Map.of());
    }
}
