package io.dativo.api;

import io.dativo.api.io.PendingFile;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one split's writer staged: a file (or another unit, such as rows in a staging table) that a
 * {@link Committer} makes visible. Self-describing plain data, serialisable, so that a committer that never saw the
 * writer (on a Spark driver, after a crash) can commit it.
 *
 * @param kind       data or rejected records
 * @param splitId    the split that wrote it
 * @param attempt    the attempt of that split (1 for the first)
 * @param location   where it becomes visible
 * @param pending    the staged file, or {@code null} for writers that do not stage files
 * @param records    records in it
 * @param bytes      its size in bytes
 * @param partition  partition column to value, in partition order
 * @param columns    column name to statistics, for the columns the writer measured
 * @param properties anything else the committer needs, opaque to the pipeline
 * @since 0.2
 */
public record WriteFragment(Kind kind, String splitId, int attempt, String location, PendingFile pending,
                            long records, long bytes, Map<String, String> partition, Map<String, ColumnStats> columns,
                            Map<String, String> properties) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What a fragment holds. */
    public enum Kind {
        /** Records of the asset. */
        DATA,
        /** Records that failed validation, with their reasons. */
        REJECTS
    }

    /** Copies the maps so the value cannot change. */
    public WriteFragment {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        partition = partition == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(partition));
        columns = columns == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** This fragment as the run's result reports it. */
    public FileMetadata toFileMetadata() {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (kind == Kind.REJECTS) {
            extra.put("rejects", true);
        }
        return new FileMetadata(location, bytes, records, partition, extra);
    }

    /** The data fragments of {@code fragments}. */
    public static List<WriteFragment> data(List<WriteFragment> fragments) {
        return fragments.stream().filter(f -> f.kind() == Kind.DATA).toList();
    }
}
