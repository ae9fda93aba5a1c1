package io.dativo.plugins.s3;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SDK clients of this JVM's {@link S3FileIO}s, one per distinct client configuration ({@link Key}: endpoint,
 * region, credentials, addressing, retries, body protection), shared by reference count. The AWS SDK builds a client
 * with its own HTTP connection pool, retry strategy and signer, and recommends one long-lived client over one per
 * task: the source, the split writers and the commit of a run each open a {@code FileIO}, and a host runs job after
 * job. A client is closed once no {@code FileIO} holds it and none has taken it for the linger time, so jobs run one
 * after another reuse it and its open connections, and a closed {@code FileIO} never leaves threads or sockets behind
 * for longer than that. Settings that differ in any client setting get clients of their own; the bucket, prefix,
 * part size and buffers are the {@code FileIO}'s and do not matter here. Thread-safe.
 */
final class S3ClientCache {

    /** How long an unused client is kept for the next {@code FileIO} with the same settings. */
    static final Duration LINGER = Duration.ofSeconds(30);
    /** The cache of every {@link S3FileIO} built from settings alone. */
    static final S3ClientCache SHARED = new S3ClientCache(LINGER, S3Clients::create);

    /** Salts the digest of the secrets in a {@link Key}, so that a digest says nothing outside this JVM. */
    private static final byte[] SALT = salt();

    private final Duration linger;
    private final Function<S3Settings, S3Client> factory;
    private final Map<Key, Entry> clients = new HashMap<>();
    private ScheduledThreadPoolExecutor closer;
    private long created;

    S3ClientCache(Duration linger, Function<S3Settings, S3Client> factory) {
        this.linger = linger;
        this.factory = factory;
    }

    /**
     * What makes two clients interchangeable. The secret key and session token are in it only as a salted digest,
     * and {@link #toString()} leaves even that out.
     */
    record Key(URI endpoint, String region, String accessKeyId, String secretDigest, boolean pathStyle,
               int maxAttempts, boolean signPayload, boolean checksums) {

        static Key of(S3Settings s) {
            return new Key(s.endpoint(), s.region(), s.accessKeyId(), digest(s.secretKey(), s.sessionToken()),
                    s.pathStyle(), s.maxAttempts(), s.signPayload(), s.checksums());
        }

        @Override
        public String toString() {
            return "S3 client[endpoint=" + (endpoint != null ? endpoint : "AWS") + ", region=" + region
                    + ", credentials=" + (accessKeyId != null ? "key " + accessKeyId : "default chain") + "]";
        }
    }

    /** One client, how many hold it, and its pending close while none does. */
    private static final class Entry {
        final S3Client client;
        int holders;
        ScheduledFuture<?> closing;

        Entry(S3Client client) {
            this.client = client;
        }
    }

    /** A hold on a shared client; closing it lets the client go once no one else holds it. Idempotent. */
    final class Lease implements AutoCloseable {

        private final Key key;
        private final Entry entry;
        private boolean released;

        private Lease(Key key, Entry entry) {
            this.key = key;
            this.entry = entry;
        }

        S3Client client() {
            return entry.client;
        }

        @Override
        public void close() {
            synchronized (S3ClientCache.this) {
                if (released) {
                    return;
                }
                released = true;
                release(key, entry);
            }
        }
    }

    /** A hold on the client of {@code settings}, built if no client with the same {@link Key} is open. */
    synchronized Lease acquire(S3Settings settings) {
        Key key = Key.of(settings);
        Entry entry = clients.get(key);
        if (entry == null) {
            entry = new Entry(factory.apply(settings));
            created++;
            clients.put(key, entry);
        }
        if (entry.closing != null) {
            entry.closing.cancel(false);
            entry.closing = null;
        }
        entry.holders++;
        return new Lease(key, entry);
    }

    private void release(Key key, Entry entry) {
        if (--entry.holders > 0) {
            return;
        }
        if (linger.isZero()) {
            drop(key, entry);
            return;
        }
        entry.closing = closer().schedule(() -> {
            synchronized (this) {
                if (entry.holders == 0 && clients.get(key) == entry) {
                    drop(key, entry);
                }
            }
        }, linger.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void drop(Key key, Entry entry) {
        clients.remove(key);
        entry.client.close();
    }

    private ScheduledThreadPoolExecutor closer() {
        if (closer == null) {
            closer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "dativo-s3-client-closer");
                t.setDaemon(true);
                return t;
            });
            // No thread stays while no client waits to be closed.
            closer.setKeepAliveTime(1, TimeUnit.SECONDS);
            closer.allowCoreThreadTimeOut(true);
            closer.setRemoveOnCancelPolicy(true);
        }
        return closer;
    }

    /** Clients open now, held or lingering. */
    synchronized int open() {
        return clients.size();
    }

    /** Clients built since this cache was made. */
    synchronized long created() {
        return created;
    }

    private static byte[] salt() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return salt;
    }

    private static String digest(String secret, String token) {
        if (secret == null && token == null) {
            return null;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(SALT);
            sha.update(String.valueOf(secret).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.valueOf(token).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
