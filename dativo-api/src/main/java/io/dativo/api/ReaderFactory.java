package io.dativo.api;

import java.util.List;
import java.util.Set;

/**
 * Makes readers of some connector types and says, without making one, what they accept. Registered in
 * {@code META-INF/services/io.dativo.api.ReaderFactory}. Readers registered the older way, as
 * {@code META-INF/services/io.dativo.api.BaseReader}, keep working.
 *
 * @since 0.2
 */
public interface ReaderFactory {

    /** The connector types served, such as {@code csv}. */
    Set<String> types();

    /** A new reader; every run attempt and every split gets its own. */
    BaseReader create();

    /**
     * The engine options the reader accepts. Options not listed are reported as unknown when the list is not
     * empty; an empty list accepts anything.
     */
    default List<OptionSpec> options() {
        return List.of();
    }

    /**
     * The incremental strategies the reader implements, such as {@code file_modified_time}; {@code full_refresh} is
     * always accepted. A job asking for another is a configuration error.
     */
    default Set<String> incrementalStrategies() {
        return Set.of();
    }
}
