package io.dativo.api;

import java.util.List;

/**
 * An object a reader can read, from {@link BaseReader#discover()}.
 *
 * @param name   the object name, such as a table or file
 * @param fields its columns as contract fields, possibly empty when unknown
 * @since 0.1
 */
public record DiscoveredObject(String name, List<FieldSpec> fields) {

    /** Copies the list so the value cannot change. */
    public DiscoveredObject {
        fields = List.copyOf(fields);
    }
}
