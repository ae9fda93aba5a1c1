package io.dativo.plugins.s3;

import java.util.Locale;

/**
 * A location in S3: {@code s3://bucket/key} (also {@code s3a://} and {@code s3n://}, Hadoop's names for the same
 * thing). The scheme is kept so that what a listing returns is spelled the way it was asked for.
 *
 * @param scheme the URI scheme, lower case
 * @param bucket the bucket
 * @param key    the object key or key prefix, without a leading slash; may be empty
 */
record S3Location(String scheme, String bucket, String key) {

    /** Parses {@code location}; anything but {@code scheme://bucket[/key]} is an error. */
    static S3Location parse(String location) {
        int sep = location.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("not an S3 location: " + location);
        }
        String scheme = location.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = location.substring(sep + 3);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+", "");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket in S3 location: " + location);
        }
        return new S3Location(scheme, bucket, key);
    }

    /** The key as a folder to list below: empty for the bucket, else ending in {@code /}. */
    String folder() {
        return key.isEmpty() || key.endsWith("/") ? key : key + "/";
    }

    /** The location of {@code otherKey} in this bucket, with this scheme. */
    String sibling(String otherKey) {
        return scheme + "://" + bucket + "/" + otherKey;
    }

    @Override
    public String toString() {
        return sibling(key);
    }
}
