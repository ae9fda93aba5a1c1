package io.dativo.api.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream of an {@link OutputFile}: it knows how many bytes it has taken, and once closed names the staged file
 * it made. A {@link #close()} that fails leaves nothing staged: the stream discards what it wrote before it throws,
 * as there is then no {@link #pending()} file through which its caller could.
 *
 * @since 0.2
 */
public abstract class PositionOutputStream extends OutputStream {

    /** Bytes written so far. */
    public abstract long position() throws IOException;

    /**
     * The staged file this stream wrote, to {@linkplain FileIO#publish publish} or {@linkplain FileIO#abort abort}.
     *
     * @throws IllegalStateException before {@link #close()}
     */
    public abstract PendingFile pending();
}
