package io.dativo.plugins.s3;

import io.dativo.api.io.InputFile;
import io.dativo.api.io.SeekableInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** An S3 object to read: a HEAD request for its length and time (made once), and ranged GETs for its bytes. */
final class S3InputFile implements InputFile {

    private final S3FileIO io;
    private final S3Location at;
    private HeadObjectResponse head;
    private boolean headed;

    S3InputFile(S3FileIO io, S3Location at) {
        this.io = io;
        this.at = at;
    }

    @Override
    public String location() {
        return at.toString();
    }

    private synchronized HeadObjectResponse head() throws IOException {
        if (!headed) {
            head = io.head(at);
            headed = true;
        }
        return head;
    }

    private HeadObjectResponse existing() throws IOException {
        HeadObjectResponse h = head();
        if (h == null) {
            throw new FileNotFoundException("no object " + at + " at " + io.settings().where());
        }
        return h;
    }

    @Override
    public long length() throws IOException {
        return existing().contentLength();
    }

    @Override
    public Instant lastModified() throws IOException {
        return existing().lastModified();
    }

    @Override
    public boolean exists() throws IOException {
        return head() != null;
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        return new S3InputStream(io, at, length());
    }
}
