package io.dativo.plugins.s3;

import io.dativo.api.io.SeekableInputStream;
import java.io.EOFException;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The bytes of an S3 object from a ranged GET, opened lazily at the position read and reopened after a seek that
 * moves backwards or far forwards (a short forward seek skips), so that a Parquet footer or column chunk costs one
 * request and the object is never held whole. A connection that drops mid-read is reopened once at the position.
 */
final class S3InputStream extends SeekableInputStream {

    /** A forward seek up to this far reads through rather than opening a new request. */
    private static final long SKIP_LIMIT = 256 << 10;

    private final S3FileIO io;
    private final S3Location at;
    private final long length;
    private ResponseInputStream<GetObjectResponse> body;
    private long bodyPosition;
    private long position;
    private boolean closed;

    S3InputStream(S3FileIO io, S3Location at, long length) {
        this.io = io;
        this.at = at;
        this.length = length;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void seek(long newPosition) throws IOException {
        if (newPosition < 0 || newPosition > length) {
            throw new EOFException("seek to " + newPosition + " outside " + at + " (" + length + " bytes)");
        }
        position = newPosition;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed: " + at);
        }
        if (len == 0) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                align();
                int n = body.read(b, off, (int) Math.min(len, length - position));
                if (n < 0) {
                    throw new EOFException("object ended at " + position + " of " + length + " bytes");
                }
                position += n;
                bodyPosition += n;
                return n;
            } catch (IOException e) {
                drop();
                if (e.getCause() instanceof SdkException) {
                    // A request the SDK has retried already; its message names the object, endpoint and cause.
                    throw e;
                }
                if (attempt == 2) {
                    throw new IOException("cannot read " + at + " at " + io.settings().where() + " from byte "
                            + position + ": " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public long skip(long n) throws IOException {
        long to = Math.min(length, position + Math.max(0, n));
        long skipped = to - position;
        position = to;
        return skipped;
    }

    @Override
    public int available() {
        return body == null ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(0, length - position));
    }

    /** Brings the open request to the read position: skips a short way forward, else opens a new one there. */
    private void align() throws IOException {
        if (body != null && position != bodyPosition) {
            long gap = position - bodyPosition;
            if (gap > 0 && gap <= SKIP_LIMIT) {
                body.skipNBytes(gap);
                bodyPosition += gap;
            } else {
                drop();
            }
        }
        if (body == null) {
            long from = position;
            body = io.call("read", at, () -> io.client().getObject(r -> r.bucket(at.bucket()).key(at.key())
                    .range("bytes=" + from + "-")));
            bodyPosition = from;
        }
    }

    /** Closes the open request without reading the rest of the object. */
    private void drop() {
        if (body != null) {
            body.abort();
            try {
                body.close();
            } catch (IOException ignored) {
                // The connection is aborted already; nothing else is held.
            }
            body = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        drop();
    }
}
