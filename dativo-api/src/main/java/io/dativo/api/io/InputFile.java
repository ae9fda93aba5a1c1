package io.dativo.api.io;

import java.io.IOException;
import java.time.Instant;

/**
 * A file to read: its length and modification time, and streams that can seek for ranged reads (Parquet footers,
 * column chunks).
 *
 * @since 0.2
 */
public interface InputFile {

    /** Where the file is, as its {@link FileIO} names it. */
    String location();

    /** Its length in bytes. */
    long length() throws IOException;

    /** When it was last modified. */
    Instant lastModified() throws IOException;

    /** Whether it exists. */
    boolean exists() throws IOException;

    /** A new stream positioned at the start; the caller closes it. */
    SeekableInputStream newStream() throws IOException;
}
