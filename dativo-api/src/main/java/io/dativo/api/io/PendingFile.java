package io.dativo.api.io;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A file written and not yet visible: where it will appear, and what its {@link FileIO} needs to publish or abort it
 * (a staging path, an upload id and part tags). Plain data, serialisable as Java or JSON, so a committer in another
 * process can finish what a writer staged.
 *
 * @param location   where the file appears once published
 * @param size       its size in bytes
 * @param properties opaque to everything but the {@link FileIO} that made it
 * @since 0.2
 */
public record PendingFile(String location, long size, Map<String, String> properties) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Copies the map so the value cannot change. */
    public PendingFile {
        Objects.requireNonNull(location, "location");
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(properties));
    }
}
