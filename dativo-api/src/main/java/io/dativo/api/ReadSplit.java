package io.dativo.api;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One independent part of a read: a group of files, a row-group range of a file, a key range of a table. Splits are
 * planned once per run by {@link BaseReader#planSplits} and each is read by a fresh reader instance, possibly in
 * another thread or process (a Spark or Flink task), so a split carries everything its reader needs as plain text.
 *
 * @param id         unique within the run, stable for the same plan; goes into output file names
 * @param properties what the reader needs to read this split, such as file locations or a key range
 * @since 0.2
 */
public record ReadSplit(String id, Map<String, String> properties) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The id of the split that reads the whole source. */
    public static final String WHOLE = "whole";

    /** Copies the map so the value cannot change. */
    public ReadSplit {
        Objects.requireNonNull(id, "id");
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** The split that reads the whole source: what a reader that plans nothing is given. */
    public static ReadSplit whole() {
        return new ReadSplit(WHOLE, Map.of());
    }

    /** True if this split is the whole source. */
    public boolean isWhole() {
        return WHOLE.equals(id) && properties.isEmpty();
    }

    /** The property {@code key}, or {@code null}. */
    public String property(String key) {
        return properties.get(key);
    }
}
