package io.dativo.plugins.s3;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 server in the test JVM (s3proxy on loopback, in-memory blob store or {@link #onDisk files}, SigV4 with a
 * fixed key pair) and an SDK client to inspect it, one per test class: register it as a static
 * {@code @RegisterExtension} field. Faults are injected in the blob store behind the HTTP layer: a rule makes calls
 * of a blob-store method whose arguments mention a text fail with an HTTP status, a number of times or for ever, or
 * wait before they run. Calls are counted by method, so a test can say what requests a run costs. The user metadata
 * each upload was started with is recorded as the server received it, because s3proxy's stores drop the user
 * metadata of multipart uploads when they complete them (S3 and MinIO keep it).
 */
final class S3Server implements AutoCloseable, BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    static final String ACCESS = "dativo-test-access";
    static final String SECRET = "dativo-test-secret-9f3b";

    private final String[] buckets;
    private final boolean onDisk;
    private Path root;
    private S3Proxy proxy;
    private S3Client client;
    private ExtensionContext owner;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, String>> uploadMetadata = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger mostWaiting = new AtomicInteger();
    private final Map<String, Long> calls = new ConcurrentHashMap<>();

    /** What a matching call does: fail with {@code status} ({@code times} times, or for ever if negative) or wait. */
    private record Rule(String method, String mentions, int status, AtomicInteger times, long delayMillis) {
    }

    /** A server for one test class: started before its tests with {@code buckets} made, stopped after them. */
    S3Server(String... buckets) {
        this(false, buckets);
    }

    private S3Server(boolean onDisk, String... buckets) {
        this.onDisk = onDisk;
        this.buckets = buckets.clone();
    }

    /**
     * A server whose objects are files in a temporary folder (s3proxy's filesystem store), so that a test can set
     * an object's last-modified time ({@link #touch}); removed when the server stops.
     */
    static S3Server onDisk(String... buckets) {
        return new S3Server(true, buckets);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // Nested test classes inherit the extension: they share the server their outer class started.
        if (owner != null) {
            return;
        }
        owner = context;
        if (onDisk) {
            root = Files.createTempDirectory("s3server");
        }
        BlobStore memory = onDisk ? new FilesystemNio2BlobStore(root.toString()) : new TransientNio2BlobStore();
        BlobStore faulty = (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(),
                new Class<?>[]{BlobStore.class}, (p, m, args) -> {
                    String text = args == null ? "" : Arrays.deepToString(args);
                    if (!m.getName().startsWith("supports") && !m.getName().startsWith("getMinimum")) {
                        calls.merge(m.getName(), 1L, Long::sum);
                    }
                    if (m.getName().equals("initiateMultipartUpload")) {
                        CreateMultipartUploadRequest started = (CreateMultipartUploadRequest) args[0];
                        uploadMetadata.put(started.key(), started.metadata());
                    }
                    for (Rule r : rules) {
                        if (r.method().equals(m.getName()) && text.contains(r.mentions())) {
                            if (r.delayMillis() > 0) {
                                mostWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
                                try {
                                    Thread.sleep(r.delayMillis());
                                } finally {
                                    waiting.decrementAndGet();
                                }
                            } else if (r.times().get() != 0) {
                                r.times().decrementAndGet();
                                throw S3Exceptions.fromStatusCode(r.status());
                            }
                        }
                    }
                    try {
                        return m.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        proxy = S3Proxy.builder().blobStore(faulty).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
                .ignoreUnknownHeaders(true).build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(5);
        }
        client = S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
                .build();
        for (String b : buckets) {
            client.createBucket(r -> r.bucket(b));
        }
    }

    /** Every test starts with a server that fails nothing. */
    @Override
    public void afterEach(ExtensionContext context) {
        heal();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (context == owner) {
            close();
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    S3Client client() {
        return client;
    }

    /** A flat connection to {@code bucket} under {@code prefix}, as the reference jobs write it. */
    Map<String, Object> connection(String bucket, String prefix) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("bucket", bucket);
        c.put("prefix", prefix);
        c.put("endpoint", endpoint().toString());
        c.put("access_key_id", ACCESS);
        c.put("secret_access_key", SECRET);
        return c;
    }

    /** Calls of {@code method} mentioning {@code text} fail with {@code status}, {@code times} times (-1: always). */
    void fail(String method, String text, int status, int times) {
        rules.add(new Rule(method, text, status, new AtomicInteger(times), 0));
    }

    /** Calls of {@code method} mentioning {@code text} wait {@code millis} first. */
    void delay(String method, String text, long millis) {
        rules.add(new Rule(method, text, 0, new AtomicInteger(0), millis));
    }

    /** The most calls that waited on a {@link #delay} rule at the same time since the last {@link #heal}. */
    int mostDelayedAtOnce() {
        return mostWaiting.get();
    }

    /**
     * The blob-store calls since the last call of this method, by method name: one per request that reads or changes
     * the store ({@code putBlob} a PUT, {@code list} a listing, {@code blobMetadata} a HEAD); starts counting again.
     */
    Map<String, Long> takeCalls() {
        Map<String, Long> out = new TreeMap<>(calls);
        calls.clear();
        return out;
    }

    void heal() {
        rules.clear();
        mostWaiting.set(0);
        calls.clear();
    }

    /**
     * The calls the server made to its blob store's {@code method} since the last {@link #heal} (one per request
     * of that kind: {@code list} per page of a listing, {@code getBlob} per GET).
     */
    int calls(String method) {
        return calls.getOrDefault(method, 0L).intValue();
    }

    /**
     * Puts {@code bytes} as the object {@code key} straight into the store's folder, modified at {@code modified}:
     * the server lists and serves it as any object, without the cost of an upload; only {@link #onDisk}.
     */
    void store(String bucket, String key, byte[] bytes, Instant modified) throws IOException {
        Path file = folder().resolve(bucket).resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    private Path folder() {
        if (root == null) {
            throw new IllegalStateException("only a server on disk stores objects in a folder");
        }
        return root;
    }

    /** Sets the last-modified time of the object {@code key}, as the server lists it; only {@link #onDisk}. */
    void touch(String bucket, String key, Instant modified) throws IOException {
        Files.setLastModifiedTime(folder().resolve(bucket).resolve(key), FileTime.from(modified));
    }

    /** The keys of the visible objects under {@code prefix}. */
    List<String> keys(String bucket, String prefix) {
        return client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    /** The keys of the visible data objects under {@code prefix}: no hidden folder or file on the way. */
    List<String> dataKeys(String bucket, String prefix) {
        return keys(bucket, prefix).stream().filter(k -> Arrays.stream(k.substring(prefix.length()).split("/"))
                .noneMatch(s -> s.startsWith(".") || s.startsWith("_"))).toList();
    }

    /** The multipart uploads in progress in {@code bucket}. */
    int uploads(String bucket) {
        return client.listMultipartUploads(r -> r.bucket(bucket)).uploads().size();
    }

    /** The user metadata the server received when the upload of {@code key} was started. */
    Map<String, String> uploadMetadata(String key) {
        return uploadMetadata.getOrDefault(key, Map.of());
    }

    byte[] bytes(String bucket, String key) {
        return client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
