package io.dativo.api.io;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A file system or object store as the formats see it: locations are strings (a path or a URI such as
 * {@code s3://bucket/key}); nothing written through {@link #newOutputFile} is visible to {@link #list} or
 * {@link #newInputFile} until it is {@linkplain #publish published}.
 *
 * <p>Implementations are thread-safe: splits running side by side share one instance.
 *
 * @since 0.2
 */
public interface FileIO extends AutoCloseable {

    /** The file at {@code location}, for reading; it need not exist until it is opened. */
    InputFile newInputFile(String location);

    /**
     * A file to write at {@code location}. Its bytes are staged: they become visible at {@code location} only when
     * the {@link PendingFile} its stream yields on close is {@linkplain #publish published}.
     */
    OutputFile newOutputFile(String location);

    /**
     * A file to write at {@code location} that carries {@code metadata} (governance: owner, classification, run) where
     * the store keeps metadata beside the bytes, such as S3's user metadata. The default ignores it: the formats
     * also write it inside the file where they can.
     *
     * @since 0.2
     */
    default OutputFile newOutputFile(String location, Map<String, String> metadata) {
        return newOutputFile(location);
    }

    /**
     * Makes a staged file visible at its location, replacing what was there. Works from {@code file} alone, in any
     * process. Publishing a file that is already published (its staged form gone, its location present) succeeds,
     * so a commit interrupted half-way can be completed.
     *
     * @throws IOException if the staged bytes are gone and the location does not exist
     */
    void publish(PendingFile file) throws IOException;

    /**
     * Writes {@code bytes} as the whole file at {@code location} and makes it visible in one step, replacing what was
     * there: a reader sees the former file or this one, never part of one. For small files written at once and
     * visible at once (manifests, pointers, leases). Such a file is never staged, so {@link #listPending} never lists
     * it, and a failure leaves nothing staged behind. The default stages the bytes and publishes them; a store that
     * writes an object in one request (an S3 PUT) does that instead.
     *
     * @since 0.2
     */
    default void writeWhole(String location, byte[] bytes) throws IOException {
        PositionOutputStream out = newOutputFile(location).create();
        try {
            out.write(bytes);
        } catch (IOException | RuntimeException e) {
            try {
                out.close();
                abort(out.pending());
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        out.close();
        PendingFile staged = out.pending();
        try {
            publish(staged);
        } catch (IOException | RuntimeException e) {
            try {
                abort(staged);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Publishes every file of {@code files}, as {@link #publish} does each. A store whose publish is a request of its
     * own (S3's completion of a multipart upload) sends them concurrently; the default publishes one after another.
     * When it throws, any file of {@code files} may be published or still staged, and each can be published or
     * aborted again.
     *
     * @throws IOException the first failure, with the failures of other files suppressed in it
     * @since 0.2
     */
    default void publishAll(List<PendingFile> files) throws IOException {
        for (PendingFile file : files) {
            publish(file);
        }
    }

    /** Discards a staged file; a file already discarded or published is left as it is. */
    void abort(PendingFile file) throws IOException;

    /** The files staged under {@code prefix} and neither published nor aborted, by any process. */
    List<PendingFile> listPending(String prefix) throws IOException;

    /**
     * The visible files under {@code prefix} (a directory or key prefix), recursively, in no particular order. A
     * prefix that does not exist lists nothing.
     */
    List<FileEntry> list(String prefix) throws IOException;

    /** Deletes the visible file at {@code location}; deleting a missing file is not an error. */
    void delete(String location) throws IOException;

    /**
     * Deletes every file of {@code locations}, as {@link #delete} does each. A store that deletes many objects in one
     * request (S3's DeleteObjects) does that; the default deletes one after another. When it throws, any of them may
     * be deleted or not.
     *
     * @since 0.2
     */
    default void deleteAll(List<String> locations) throws IOException {
        for (String location : locations) {
            delete(location);
        }
    }

    /**
     * {@code child} resolved against {@code parent}, with this store's separator: {@code resolve("s3://b/raw",
     * "x/y.parquet")} is {@code s3://b/raw/x/y.parquet}.
     */
    default String resolve(String parent, String child) {
        if (parent.endsWith("/")) {
            return parent + child;
        }
        return parent + "/" + child;
    }

    /** Releases clients and connections. */
    @Override
    default void close() throws IOException {
    }
}
