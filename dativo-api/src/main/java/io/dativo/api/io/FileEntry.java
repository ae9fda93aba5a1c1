package io.dativo.api.io;

import java.time.Instant;

/**
 * A visible file, as {@link FileIO#list} reports it.
 *
 * @param location     where it is
 * @param size         its size in bytes
 * @param lastModified when it was last modified
 * @since 0.2
 */
public record FileEntry(String location, long size, Instant lastModified) {
}
