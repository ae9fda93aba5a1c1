package io.dativo.api.io;

import java.io.IOException;

/**
 * A file to write. The bytes written to {@link #create()}'s stream are staged; they become visible at
 * {@link #location()} only when the {@link PendingFile} the stream yields on close is published.
 *
 * @since 0.2
 */
public interface OutputFile {

    /** Where the file will be visible once published. */
    String location();

    /** A new stream for the file's bytes; the caller closes it, then takes {@link PositionOutputStream#pending()}. */
    PositionOutputStream create() throws IOException;
}
