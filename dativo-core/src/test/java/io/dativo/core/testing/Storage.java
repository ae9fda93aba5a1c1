package io.dativo.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Where a test puts its source files: a local directory or an in-memory bucket ({@code mem://...}, through
 * {@link InMemoryFileIO}). Suites parameterized by this run the same cases on both.
 */
public enum Storage {
    /** A local temporary directory, through {@code LocalFileIO}. */
    LOCAL,
    /** A fresh bucket of {@link InMemoryFileIO#shared()}. */
    MEMORY;

    /** A root for one test; {@code tempDir} is used by {@link #LOCAL}. */
    public Root root(Path tempDir) {
        return this == LOCAL ? new Root(tempDir.toString(), tempDir) : new Root(InMemoryFileIO.newBucket(), null);
    }

    /**
     * The base directory of a test's files.
     *
     * @param base  the job's base directory: a local path or a {@code mem://} prefix
     * @param local the local directory, or {@code null} in memory
     */
    public record Root(String base, Path local) {

        /** The location of {@code relative} below the base. */
        public String location(String relative) {
            return base + "/" + relative;
        }

        /** Writes {@code bytes} to {@code relative}, creating folders as needed. */
        public String write(String relative, byte[] bytes) {
            if (local == null) {
                InMemoryFileIO.shared().put(location(relative), bytes);
                return location(relative);
            }
            try {
                Path p = local.resolve(relative);
                Files.createDirectories(p.getParent());
                Files.write(p, bytes);
                return p.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes {@code text} as UTF-8 to {@code relative}. */
        public String write(String relative, String text) {
            return write(relative, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Sets the modification time of {@code relative}. */
        public void touch(String relative, Instant modified) {
            try {
                if (local == null) {
                    InMemoryFileIO.shared().touch(location(relative), modified);
                } else {
                    Files.setLastModifiedTime(local.resolve(relative), FileTime.from(modified));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
