package io.dativo.api.io;

import java.util.Map;
import java.util.Set;

/**
 * Makes a {@link FileIO} for the locations of some URI schemes. Registered in
 * {@code META-INF/services/io.dativo.api.io.FileIOFactory}; the pipeline picks the factory by the scheme of the
 * location it reads or writes ({@code s3://...}); plain paths and {@code file:} are the local file system.
 *
 * @since 0.2
 */
public interface FileIOFactory {

    /** The URI schemes served, such as {@code s3} and {@code s3a}. */
    Set<String> schemes();

    /**
     * A storage client configured by {@code properties}: the source's or target's {@code connection} merged with its
     * {@code credentials} (endpoint, region, keys). Secrets in it must never reach logs or messages.
     */
    FileIO create(Map<String, Object> properties);
}
