package io.dativo.plugins.s3;

import io.dativo.api.io.FileEntry;
import io.dativo.api.io.FileIO;
import io.dativo.api.io.InputFile;
import io.dativo.api.io.OutputFile;
import io.dativo.api.io.PendingFile;
import io.dativo.api.io.PositionOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 (and S3-compatible stores such as MinIO) as a {@link FileIO}, on the AWS SDK for Java v2. A file written is a
 * multipart upload, its parts sent in the background while it is written ({@link MultipartOutputStream}); closing the
 * stream does not complete it, so nothing is listed or readable until {@link #publish} completes it from the pending
 * file alone. A small file written whole ({@link #writeWhole}) is one PUT. {@link #abort} aborts the upload;
 * {@link #listPending} lists the uploads in progress, so uploads of a process that died can be found and aborted.
 * Reads are ranged GETs ({@link S3InputFile}). Every failure names the bucket, the key and the endpoint, never a key
 * of the credentials. Thread-safe.
 */
public final class S3FileIO implements FileIO {

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** S3's most keys in one DeleteObjects request. */
    static final int DELETE_BATCH = 1000;

    private final S3Settings settings;
    private final S3ClientCache.Lease lease;
    private final S3Client client;
    private final MemoryBudget budget;
    private final ExecutorService uploads;

    /**
     * A client for {@code settings}. The SDK client underneath is shared with every other open {@code S3FileIO} of
     * the same client settings in this JVM ({@link S3ClientCache}); the upload threads and the memory budget are this
     * object's own.
     */
    public S3FileIO(S3Settings settings) {
        this(settings, S3ClientCache.SHARED);
    }

    S3FileIO(S3Settings settings, S3ClientCache clients) {
        this.settings = settings;
        this.lease = clients.acquire(settings);
        this.client = lease.client();
        this.budget = new MemoryBudget(settings.bufferBytes());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.uploadThreads(), settings.uploadThreads(), 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "dativo-s3-upload-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.uploads = pool;
    }

    S3Settings settings() {
        return settings;
    }

    MemoryBudget budget() {
        return budget;
    }

    ExecutorService uploads() {
        return uploads;
    }

    S3Client client() {
        return client;
    }

    @Override
    public InputFile newInputFile(String location) {
        return new S3InputFile(this, S3Location.parse(location));
    }

    @Override
    public OutputFile newOutputFile(String location) {
        return newOutputFile(location, Map.of());
    }

    /** A file whose object carries {@code metadata} as S3 user metadata (see {@link UserMetadata}). */
    @Override
    public OutputFile newOutputFile(String location, Map<String, String> metadata) {
        S3Location at = S3Location.parse(location);
        Map<String, String> user = UserMetadata.of(metadata);
        return new OutputFile() {
            @Override
            public String location() {
                return location;
            }

            @Override
            public PositionOutputStream create() throws IOException {
                return new MultipartOutputStream(S3FileIO.this, at, user);
            }
        };
    }

    /**
     * A file smaller than one part goes in one PUT, which S3 makes visible whole or not at all, and which leaves no
     * upload behind if it fails; a larger one is a multipart upload completed at once.
     */
    @Override
    public void writeWhole(String location, byte[] bytes) throws IOException {
        if (bytes.length >= settings.partSize()) {
            FileIO.super.writeWhole(location, bytes);
            return;
        }
        S3Location at = S3Location.parse(location);
        call("write", at, () -> client.putObject(b -> b.bucket(at.bucket()).key(at.key()),
                RequestBody.fromBytes(bytes)));
    }

    String createUpload(S3Location at, Map<String, String> metadata) throws IOException {
        return call("start an upload to", at, () -> client.createMultipartUpload(b -> b.bucket(at.bucket())
                .key(at.key()).metadata(metadata)).uploadId());
    }

    String uploadPart(S3Location at, String uploadId, int number, RequestBody body) throws IOException {
        return call("upload part " + number + " of", at, () -> client.uploadPart(b -> b.bucket(at.bucket())
                .key(at.key()).uploadId(uploadId).partNumber(number), body).eTag());
    }

    void abortUpload(S3Location at, String uploadId) throws IOException {
        try {
            client.abortMultipartUpload(b -> b.bucket(at.bucket()).key(at.key()).uploadId(uploadId));
        } catch (SdkException e) {
            if (S3Errors.status(e) != 404) {
                throw S3Errors.io("abort the upload to", at, settings, e);
            }
        }
    }

    /**
     * Completes the upload. An upload that is gone while its object is there with the staged size was completed
     * before (a commit being finished again), which is success.
     */
    @Override
    public void publish(PendingFile file) throws IOException {
        UploadInfo u = UploadInfo.from(file);
        S3Location at = S3Location.parse(file.location());
        try {
            client.completeMultipartUpload(b -> b.bucket(u.bucket()).key(u.key()).uploadId(u.uploadId())
                    .multipartUpload(m -> m.parts(u.parts())));
        } catch (SdkException e) {
            if (S3Errors.status(e) != 404) {
                throw S3Errors.io("complete the upload to", at, settings, e);
            }
            HeadObjectResponse head = head(at);
            if (head == null || head.contentLength() != file.size()) {
                throw new IOException("cannot publish " + at + " at " + settings.where()
                        + ": its upload is gone and the object is " + (head == null ? "missing"
                        : head.contentLength() + " bytes, not " + file.size()));
            }
        }
    }

    /** Completes the uploads concurrently on the upload threads: one round trip of the store for all of them. */
    @Override
    public void publishAll(List<PendingFile> files) throws IOException {
        if (files.size() < 2) {
            FileIO.super.publishAll(files);
            return;
        }
        List<Future<Void>> completions = new ArrayList<>();
        for (PendingFile file : files) {
            completions.add(uploads.submit(() -> {
                publish(file);
                return null;
            }));
        }
        awaitAll(completions, "the completion of an upload");
    }

    @Override
    public void abort(PendingFile file) throws IOException {
        UploadInfo u = UploadInfo.from(file);
        abortUpload(new S3Location(S3Location.parse(file.location()).scheme(), u.bucket(), u.key()), u.uploadId());
    }

    @Override
    public List<PendingFile> listPending(String prefix) throws IOException {
        S3Location at = S3Location.parse(prefix);
        List<PendingFile> out = new ArrayList<>();
        String keyMarker = null;
        String uploadMarker = null;
        do {
            String km = keyMarker;
            String um = uploadMarker;
            ListMultipartUploadsResponse page = call("list the uploads under", at, () -> client.listMultipartUploads(
                    b -> b.bucket(at.bucket()).prefix(at.folder()).keyMarker(km).uploadIdMarker(um)));
            for (MultipartUpload upload : page.uploads()) {
                out.add(pending(at.sibling(upload.key()), upload));
            }
            keyMarker = Boolean.TRUE.equals(page.isTruncated()) ? page.nextKeyMarker() : null;
            uploadMarker = Boolean.TRUE.equals(page.isTruncated()) ? page.nextUploadIdMarker() : null;
        } while (keyMarker != null);
        return out;
    }

    private PendingFile pending(String location, MultipartUpload upload) throws IOException {
        S3Location at = S3Location.parse(location);
        List<CompletedPart> parts = new ArrayList<>();
        long size = 0;
        Integer marker = null;
        do {
            Integer m = marker;
            ListPartsResponse page = call("list the parts of", at, () -> client.listParts(b -> b.bucket(at.bucket())
                    .key(at.key()).uploadId(upload.uploadId()).partNumberMarker(m)));
            for (Part p : page.parts()) {
                parts.add(CompletedPart.builder()
                        .partNumber(p.partNumber()).eTag(p.eTag()).build());
                size += p.size();
            }
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.nextPartNumberMarker() : null;
        } while (marker != null);
        return new PendingFile(location, size, UploadInfo.of(at, upload.uploadId(), parts).toMap());
    }

    @Override
    public List<FileEntry> list(String prefix) throws IOException {
        S3Location at = S3Location.parse(prefix);
        List<FileEntry> out = new ArrayList<>();
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(at.bucket()).prefix(at.folder()).build();
        String token = null;
        do {
            String t = token;
            var page = call("list", at, () -> client.listObjectsV2(request.toBuilder().continuationToken(t).build()));
            for (S3Object o : page.contents()) {
                if (!o.key().endsWith("/")) {
                    out.add(new FileEntry(at.sibling(o.key()), o.size(), o.lastModified()));
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    @Override
    public void delete(String location) throws IOException {
        S3Location at = S3Location.parse(location);
        call("delete", at, () -> client.deleteObject(b -> b.bucket(at.bucket()).key(at.key())));
    }

    /**
     * Deletes the objects with DeleteObjects, up to {@value #DELETE_BATCH} keys of a bucket per request. A key that
     * is already gone is not an error; any other key S3 could not delete fails it, named with S3's reason.
     */
    @Override
    public void deleteAll(List<String> locations) throws IOException {
        if (locations.size() < 2) {
            FileIO.super.deleteAll(locations);
            return;
        }
        Map<String, List<S3Location>> byBucket = new LinkedHashMap<>();
        for (String location : locations) {
            S3Location at = S3Location.parse(location);
            byBucket.computeIfAbsent(at.bucket(), b -> new ArrayList<>()).add(at);
        }
        for (Map.Entry<String, List<S3Location>> bucket : byBucket.entrySet()) {
            List<S3Location> all = bucket.getValue();
            for (int from = 0; from < all.size(); from += DELETE_BATCH) {
                List<S3Location> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH));
                List<ObjectIdentifier> keys = new ArrayList<>();
                batch.forEach(at -> keys.add(ObjectIdentifier.builder().key(at.key()).build()));
                DeleteObjectsResponse answer = call("delete", batch.get(0), () -> client.deleteObjects(b -> b
                        .bucket(bucket.getKey()).delete(d -> d.objects(keys).quiet(true))));
                List<S3Error> refused = answer.errors().stream().filter(e -> !"NoSuchKey".equals(e.code())).toList();
                if (!refused.isEmpty()) {
                    S3Error first = refused.get(0);
                    throw new IOException("cannot delete " + batch.get(0).sibling(first.key()) + " at "
                            + settings.where() + ": " + first.code() + " " + first.message()
                            + (refused.size() > 1 ? " (and " + (refused.size() - 1) + " more keys)" : ""));
                }
            }
        }
    }

    /**
     * The results of {@code tasks}, tasks of the upload threads, once every one has ended; the first failure thrown
     * as an {@link IOException}, with the others suppressed in it.
     */
    static <T> List<T> awaitAll(List<Future<T>> tasks, String what) throws IOException {
        List<T> results = new ArrayList<>();
        IOException failure = null;
        for (Future<T> task : tasks) {
            try {
                results.add(await(task, what));
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else if (e != failure) {
                    // Parts that waited for an upload that could not start all fail with that one exception.
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    /** The result of {@code f}, a task of the upload threads; its failure thrown as an {@link IOException}. */
    static <T> T await(Future<T> f, String what) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    /** The object's metadata, or {@code null} if there is none. */
    HeadObjectResponse head(S3Location at) throws IOException {
        try {
            return client.headObject(b -> b.bucket(at.bucket()).key(at.key()));
        } catch (SdkException e) {
            if (S3Errors.status(e) == 404) {
                return null;
            }
            throw S3Errors.io("read the metadata of", at, settings, e);
        }
    }

    /** Runs one request, turning the SDK's failure into an {@link IOException} that says what and where. */
    <T> T call(String what, S3Location at, SdkCall<T> request) throws IOException {
        try {
            return request.call();
        } catch (SdkException e) {
            throw S3Errors.io(what, at, settings, e);
        }
    }

    /** One request to S3. */
    @FunctionalInterface
    interface SdkCall<T> {
        T call();
    }

    /**
     * Stops the upload threads and lets go of the SDK client, which closes once no other {@code S3FileIO} holds it
     * (after {@link S3ClientCache#LINGER}). Idempotent.
     */
    @Override
    public void close() {
        uploads.shutdownNow();
        lease.close();
    }
}
