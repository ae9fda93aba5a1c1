package io.dativo.api;

import java.util.List;
import java.util.Set;

/**
 * Makes writers of some connector types and says, without making one, what they accept. Registered in
 * {@code META-INF/services/io.dativo.api.WriterFactory}. Writers registered the older way, as
 * {@code META-INF/services/io.dativo.api.BaseWriter}, keep working.
 *
 * @since 0.2
 */
public interface WriterFactory {

    /** The connector types served, such as {@code local}. */
    Set<String> types();

    /** A new writer; every run attempt and every split gets its own. */
    BaseWriter create();

    /**
     * The engine options the writer accepts. Options not listed are reported as unknown when the list is not empty;
     * an empty list accepts anything.
     */
    default List<OptionSpec> options() {
        return List.of();
    }

    /** The write modes the writer implements; a job asking for another is refused when it is loaded. */
    default Set<WriteMode> writeModes() {
        return Set.of(WriteMode.APPEND);
    }
}
