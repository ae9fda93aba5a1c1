package io.dativo.api.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that knows its position and can move it, for ranged reads.
 *
 * @since 0.2
 */
public abstract class SeekableInputStream extends InputStream {

    /** The position of the next byte read, from the start of the file. */
    public abstract long position() throws IOException;

    /** Moves to {@code newPosition}, from the start of the file. */
    public abstract void seek(long newPosition) throws IOException;

    /** Reads exactly {@code len} bytes into {@code buffer} at {@code offset}, or fails at the end of the file. */
    public void readFully(byte[] buffer, int offset, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = read(buffer, offset + done, len - done);
            if (n < 0) {
                throw new EOFException("end of file after " + done + " of " + len + " bytes");
            }
            done += n;
        }
    }
}
