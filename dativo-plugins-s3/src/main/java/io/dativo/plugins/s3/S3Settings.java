package io.dativo.plugins.s3;

import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach an S3 store, read from a source's or target's connection (merged with its credentials) in either of
 * the reference forms: flat keys ({@code bucket}, {@code prefix}, {@code endpoint}, {@code access_key_id},
 * {@code secret_access_key}, {@code region}, {@code path_style_access}, {@code secure}) or the same keys nested under
 * {@code s3}, which win. An endpoint without a scheme ({@code minio:9000}) gets {@code https://}, or
 * {@code http://} when {@code secure} is false; an endpoint that is not AWS's uses path-style addressing unless
 * {@code path_style_access} says otherwise. Without keys, the AWS default chain supplies credentials.
 *
 * <p>Request bodies are protected as the SDK does by default (a CRC32 checksum with every part; over plain HTTP a
 * SigV4 signature over every byte as well), except on a loopback endpoint ({@code localhost}, {@code 127.0.0.1},
 * {@code ::1}), where bytes never cross a network: there the body is sent unsigned and without a checksum unless
 * {@code payload_signing} or {@code checksums: when_supported} asks for them. Headers are always signed.
 *
 * @param bucket        the bucket of the {@code s3}/{@code minio} connector types, or {@code null}
 * @param prefix        the key prefix under the bucket, or {@code ""}
 * @param endpoint      the endpoint, or {@code null} for AWS's regional endpoint
 * @param region        the signing region, or {@code null} for the AWS default chain
 * @param accessKeyId   the access key id, or {@code null} for the AWS default chain
 * @param secretKey     the secret access key; never printed
 * @param sessionToken  a session token for temporary credentials, or {@code null}; never printed
 * @param pathStyle     whether the bucket goes in the path rather than the host name
 * @param partSize      bytes per uploaded part (at least 5 MiB, S3's minimum)
 * @param bufferBytes   bytes of parts held in memory across every open file of one client, filling or uploading;
 *                      by default 256 MiB or a quarter of the heap, whichever is less
 * @param uploadThreads parts uploaded at once per client
 * @param maxAttempts   attempts per request, the first included, with backoff between them
 * @param signPayload   whether a body sent over plain HTTP is signed (over HTTPS the SDK never signs it)
 * @param checksums     whether every part carries a checksum ({@code when_supported}), or only requests for which
 *                      S3 requires one ({@code when_required})
 */
public record S3Settings(String bucket, String prefix, URI endpoint, String region, String accessKeyId,
                         String secretKey, String sessionToken, boolean pathStyle, int partSize, long bufferBytes,
                         int uploadThreads, int maxAttempts, boolean signPayload, boolean checksums) {

    /** S3's smallest part but the last. */
    public static final int MIN_PART_SIZE = 5 << 20;
    static final int DEFAULT_PART_MB = 16;
    static final int DEFAULT_BUFFER_MB = 256;
    static final int DEFAULT_UPLOAD_THREADS = 4;
    static final int DEFAULT_MAX_ATTEMPTS = 5;

    /** Settings from {@code properties}: a connection merged with credentials, flat or under {@code s3}. */
    public static S3Settings from(Map<String, ?> properties) {
        Map<String, Object> p = flatten(properties);
        String endpointText = text(p, "endpoint", "endpoint_url");
        boolean secure = bool(p, "secure", true);
        URI endpoint = endpointText == null ? null : endpoint(endpointText, secure);
        boolean aws = endpoint == null || endpoint.getHost() == null
                || endpoint.getHost().toLowerCase(Locale.ROOT).endsWith(".amazonaws.com");
        String region = text(p, "region", "aws_region");
        if (region == null && !aws) {
            // Stores other than AWS take any region in the signature; AWS's own must come from the default chain.
            region = "us-east-1";
        }
        int partSize = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(MIN_PART_SIZE,
                number(p, "part_size_mb", DEFAULT_PART_MB) << 20));
        // By default at most a quarter of the heap holds parts, so a small heap is not filled by a slow store.
        long fallback = Math.min((long) DEFAULT_BUFFER_MB << 20, Runtime.getRuntime().maxMemory() / 4) >> 20;
        long buffer = Math.max(2L * partSize, number(p, "max_buffer_mb", fallback) << 20);
        return new S3Settings(text(p, "bucket"), prefix(text(p, "prefix")), endpoint, region,
                text(p, "access_key_id", "aws_access_key_id"), text(p, "secret_access_key", "aws_secret_access_key"),
                text(p, "session_token", "aws_session_token"), bool(p, "path_style_access", !aws), partSize, buffer,
                (int) number(p, "upload_threads", DEFAULT_UPLOAD_THREADS),
                (int) number(p, "max_attempts", DEFAULT_MAX_ATTEMPTS),
                bool(p, "payload_signing", !loopback(endpoint)), checksums(p, !loopback(endpoint)));
    }

    /** Whether {@code endpoint} is on this machine's loopback interface, judged by its name alone (no look-up). */
    static boolean loopback(URI endpoint) {
        if (endpoint == null) {
            return false;
        }
        String host = endpoint.getHost().toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1")
                || host.equals("0:0:0:0:0:0:0:1");
    }

    private static boolean checksums(Map<String, Object> p, boolean fallback) {
        String v = text(p, "checksums");
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "when_supported" -> true;
            case "when_required" -> false;
            default -> throw config("connection.checksums: when_supported or when_required, not '" + v + "'");
        };
    }

    /** The flat keys with those under {@code s3} laid over them. */
    private static Map<String, Object> flatten(Map<String, ?> properties) {
        Map<String, Object> p = new LinkedHashMap<>(properties);
        if (properties.get("s3") instanceof Map<?, ?> nested) {
            nested.forEach((k, v) -> p.put(String.valueOf(k), v));
        }
        return p;
    }

    private static URI endpoint(String text, boolean secure) {
        String withScheme = text.contains("://") ? text : (secure ? "https://" : "http://") + text;
        try {
            URI uri = URI.create(withScheme.replaceAll("/+$", ""));
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw config("connection.endpoint: not a host or URL: '" + text + "'");
        }
    }

    private static String prefix(String prefix) {
        return prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    }

    private static String text(Map<String, Object> p, String... keys) {
        for (String key : keys) {
            Object v = p.get(key);
            if (v != null && !v.toString().isBlank()) {
                return v.toString().trim();
            }
        }
        return null;
    }

    private static boolean bool(Map<String, Object> p, String key, boolean fallback) {
        String v = text(p, key);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw config("connection." + key + ": true or false, not '" + v + "'");
        };
    }

    private static long number(Map<String, Object> p, String key, long fallback) {
        String v = text(p, key);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw config("connection." + key + ": a positive whole number, not '" + v + "'");
        }
    }

    /** A configuration error: the run does not start, and retrying would not help. */
    static DativoException config(String message) {
        return new DativoException(ErrorKind.CONFIG, message, null);
    }

    /** Where the endpoint is, for messages: the URL, or AWS with the region. */
    public String where() {
        return endpoint != null ? endpoint.toString() : "AWS S3" + (region != null ? " (" + region + ")" : "");
    }

    /** The settings without the keys. */
    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + where() + ", pathStyle="
                + pathStyle + ", partSize=" + partSize + ", signPayload=" + signPayload + ", checksums=" + checksums
                + ", credentials="
                + (accessKeyId != null ? "configured" : "default chain") + "]";
    }
}
