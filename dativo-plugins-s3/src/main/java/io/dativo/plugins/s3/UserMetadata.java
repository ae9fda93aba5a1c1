package io.dativo.plugins.s3;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file's metadata as S3 user metadata ({@code x-amz-meta-*} headers): names in lower case with every character
 * but letters, digits and {@code -} turned into {@code -} ({@code dativo.retention_days} becomes
 * {@code dativo-retention-days}), values with anything but printable ASCII percent-encoded as UTF-8, and the whole
 * within S3's 2 KB: entries that do not fit are left out, in order, with a warning.
 */
final class UserMetadata {

    /** S3's limit on the user metadata of an object: names and values, in UTF-8 bytes. */
    static final int LIMIT = 2048;
    private static final Logger LOG = LoggerFactory.getLogger(UserMetadata.class);

    private UserMetadata() {
    }

    static Map<String, String> of(Map<String, String> metadata) {
        Map<String, String> out = new LinkedHashMap<>();
        int used = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            String name = e.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
            String value = value(e.getValue());
            int size = name.length() + value.length();
            if (used + size > LIMIT) {
                LOG.warn("S3 user metadata '{}' left out: it would pass S3's {} bytes", name, LIMIT);
                continue;
            }
            used += size;
            out.put(name, value);
        }
        return out;
    }

    private static String value(String v) {
        StringBuilder sb = new StringBuilder();
        for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }
}
