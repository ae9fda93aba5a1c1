package io.dativo.core.format;

import io.dativo.api.io.OutputFile;
import io.dativo.api.io.PendingFile;
import io.dativo.api.io.PositionOutputStream;
import java.io.IOException;

/**
 * Our {@link OutputFile} as parquet-java's {@link org.apache.parquet.io.OutputFile}, so that parquet-java writes to
 * any {@link io.dativo.api.io.FileIO} (staged, invisible until published) without Hadoop or a local path. It
 * remembers the one stream it opens, so the owner can close it and take its staged file whatever happened.
 */
final class ParquetOutput implements org.apache.parquet.io.OutputFile {

    private final OutputFile file;
    private PositionOutputStream stream;

    ParquetOutput(OutputFile file) {
        this.file = file;
    }

    @Override
    public org.apache.parquet.io.PositionOutputStream create(long blockSizeHint) throws IOException {
        if (stream != null) {
            throw new IllegalStateException(file.location() + " is already open");
        }
        stream = file.create();
        PositionOutputStream out = stream;
        return new org.apache.parquet.io.PositionOutputStream() {
            @Override
            public long getPos() throws IOException {
                return out.position();
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    @Override
    public org.apache.parquet.io.PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return file.location();
    }

    /** Closes the stream if it was opened and returns its staged file, or {@code null}; never throws. */
    PendingFile closeQuietly() {
        if (stream == null) {
            return null;
        }
        try {
            stream.close();
            return stream.pending();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The staged file of the closed stream. */
    PendingFile pending() {
        if (stream == null) {
            throw new IllegalStateException(file.location() + " was never opened");
        }
        return stream.pending();
    }
}
