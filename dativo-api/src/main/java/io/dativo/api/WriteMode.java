package io.dativo.api;

import java.util.Locale;
import java.util.Optional;

/**
 * How a run's records join what the target already holds ({@code target.write_mode}). A writer's factory declares
 * the modes it implements; a job asking for another is refused when it is loaded.
 *
 * @since 0.2
 */
public enum WriteMode {
    /** New records are added beside the existing ones. */
    APPEND,
    /** The asset's existing data is replaced, at commit, by the run's. */
    OVERWRITE,
    /** Records replace the existing ones with the same merge keys, the others are added. */
    MERGE;

    /** The name written in job files: {@code append}, {@code overwrite} or {@code merge}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode written as {@code text} in any case, or empty when there is none by that name. */
    public static Optional<WriteMode> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (WriteMode m : values()) {
            if (m.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id();
    }
}
