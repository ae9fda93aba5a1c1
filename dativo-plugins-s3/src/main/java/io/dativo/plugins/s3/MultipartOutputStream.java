package io.dativo.plugins.s3;

import io.dativo.api.io.PendingFile;
import io.dativo.api.io.PositionOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The bytes of one S3 object, sent as a multipart upload while they are written: each part is handed to the
 * client's upload threads as soon as it is full, so memory holds at most the part being filled plus the parts in
 * flight, within the client's {@link MemoryBudget}. {@link #close()} uploads the last part and waits for the others,
 * but does not complete the upload: the object stays invisible until {@link S3FileIO#publish} completes it from the
 * {@link #pending()} file, which names the upload and its parts.
 */
final class MultipartOutputStream extends PositionOutputStream {

    /** S3's largest part number. */
    private static final int MAX_PARTS = 10_000;
    private static final int FIRST_CHUNK = 64 << 10;
    /**
     * Under half of G1's smallest region (1 MiB), so a chunk is an ordinary young object: an array of 1 MiB would be a
     * humongous object taking two whole regions (its header spills into the second), twice the heap the budget counts,
     * and each one allocated may start a concurrent marking cycle.
     */
    private static final int CHUNK = 256 << 10;

    private final S3FileIO io;
    private final S3Location location;
    /** The upload's id: the upload is started on an upload thread, so opening a file does not wait for S3. */
    private final Future<String> uploadId;
    private final List<byte[]> chunks = new ArrayList<>();
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private int filled;
    private int buffered;
    private long position;
    private boolean closed;
    private PendingFile pending;

    MultipartOutputStream(S3FileIO io, S3Location location, Map<String, String> metadata) throws IOException {
        this.io = io;
        this.location = location;
        try {
            this.uploadId = io.uploads().submit(() -> io.createUpload(location, metadata));
        } catch (RuntimeException e) {
            throw new IOException("cannot start an upload to " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed: " + location);
        }
        while (len > 0) {
            byte[] chunk = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
            if (chunk == null || filled == chunk.length) {
                chunk = newChunk();
            }
            int n = Math.min(len, Math.min(chunk.length - filled, io.settings().partSize() - buffered));
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            buffered += n;
            position += n;
            off += n;
            len -= n;
            if (buffered == io.settings().partSize()) {
                sendPart();
            }
        }
    }

    private byte[] newChunk() throws IOException {
        failFast();
        int size = Math.min(chunks.isEmpty() ? FIRST_CHUNK : CHUNK, io.settings().partSize() - buffered);
        if (buffered >= S3Settings.MIN_PART_SIZE && io.budget().tight(size)) {
            // Memory is short: this part is already large enough to go, so send it now rather than grow it.
            sendPart();
            size = FIRST_CHUNK;
        }
        io.budget().acquire(size);
        byte[] chunk = new byte[size];
        chunks.add(chunk);
        filled = 0;
        return chunk;
    }

    /** Hands the buffered bytes to an upload thread as the next part. */
    private void sendPart() throws IOException {
        if (parts.size() == MAX_PARTS) {
            throw new IOException(location + " needs more than " + MAX_PARTS + " parts; raise part_size_mb");
        }
        int number = parts.size() + 1;
        List<byte[]> data = List.copyOf(chunks);
        int size = buffered;
        int lastFilled = filled;
        int held = chunks.stream().mapToInt(c -> c.length).sum();
        chunks.clear();
        filled = 0;
        buffered = 0;
        io.budget().uploadStarted();
        try {
            parts.add(io.uploads().submit(() -> {
                try {
                    String etag = io.uploadPart(location, uploadId(), number,
                            RequestBody.fromContentProvider(() -> stream(data, lastFilled), size,
                                    "application/octet-stream"));
                    return CompletedPart.builder().partNumber(number).eTag(etag).build();
                } finally {
                    io.budget().release(held);
                    io.budget().uploadEnded();
                }
            }));
        } catch (RuntimeException e) {
            io.budget().release(held);
            io.budget().uploadEnded();
            throw new IOException("cannot queue part " + number + " of " + location + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of a part: every chunk of {@code data} whole but the last, of which the first {@code lastFilled}. */
    private static InputStream stream(List<byte[]> data, int lastFilled) {
        List<InputStream> streams = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            byte[] d = data.get(i);
            streams.add(new ByteArrayInputStream(d, 0, i == data.size() - 1 ? lastFilled : d.length));
        }
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    /** Fails the write as soon as the upload's start or an earlier part has failed, rather than at close. */
    private void failFast() throws IOException {
        if (uploadId.isDone()) {
            uploadId();
        }
        for (Future<CompletedPart> f : parts) {
            if (f.isDone()) {
                S3FileIO.await(f, "a part upload");
            }
        }
    }

    /**
     * The upload's id, once S3 has given it. Called on the upload threads too: the start was queued before any part,
     * so a part's thread waits only for a request already running.
     */
    private String uploadId() throws IOException {
        return S3FileIO.await(uploadId, "the start of an upload");
    }

    /** The upload's id, or {@code null} if it could not be started: then there is nothing to abort. */
    private String startedUpload() {
        try {
            return uploadId();
        } catch (IOException notStarted) {
            return null;
        }
    }

    /**
     * Uploads the last part (an empty one if nothing was written, so that every file is a multipart upload and stays
     * invisible until published) and waits for every part; on failure aborts the upload.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletedPart> done;
        try {
            if (buffered > 0 || parts.isEmpty()) {
                sendPart();
            }
            done = S3FileIO.awaitAll(parts, "a part upload");
        } catch (IOException | RuntimeException e) {
            releaseChunks();
            String started = startedUpload();
            try {
                if (started != null) {
                    io.abortUpload(location, started);
                }
            } catch (IOException | SdkException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        pending = new PendingFile(location.toString(), position, UploadInfo.of(location, uploadId(), done).toMap());
    }

    private void releaseChunks() {
        io.budget().release(chunks.stream().mapToInt(c -> c.length).sum());
        chunks.clear();
    }

    @Override
    public PendingFile pending() {
        if (pending == null) {
            throw new IllegalStateException("the stream of " + location + " is not closed");
        }
        return pending;
    }
}
