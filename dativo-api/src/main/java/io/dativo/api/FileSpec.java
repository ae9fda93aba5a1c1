package io.dativo.api;

/**
 * One entry of {@code source.files}: a path or glob, and the object name its records belong to.
 *
 * @param path   a file path or glob, resolved against the job's base directory
 * @param object the object name, or {@code null} to use the file name without extension
 * @param id     an optional identifier
 * @since 0.1
 */
public record FileSpec(String path, String object, String id) {
}
