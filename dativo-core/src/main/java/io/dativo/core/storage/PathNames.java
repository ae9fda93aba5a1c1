package io.dativo.core.storage;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Names of directories and files taken from values (tenants, jobs, objects, partition values): each value is
 * escaped so that it stays one path segment, the same way wherever a path is made from it.
 */
public final class PathNames {

    private PathNames() {
    }

    /**
     * {@code col=value/...} with each value escaped so that it stays one directory name; an empty value is
     * {@code col=}, apart from a blank one.
     */
    public static String pathOf(Map<String, String> partitionValues) {
        StringBuilder sb = new StringBuilder();
        partitionValues.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(escape(k)).append('=').append(v.isEmpty() ? "" : escape(v));
        });
        return sb.toString();
    }

    /**
     * The part of {@code location} below {@code folder}, after the separator ({@code /}, or {@code \} on a local
     * Windows path) that ends {@code folder}; {@code null} when {@code location} is not inside it. Every location
     * is below the empty folder.
     */
    public static String below(String folder, String location) {
        if (folder.isEmpty()) {
            return location;
        }
        int n = folder.length();
        boolean ended = folder.endsWith("/") || folder.endsWith("\\");
        int from = ended ? n : n + 1;
        if (location.length() <= from || !location.startsWith(folder)) {
            return null;
        }
        return ended || location.charAt(n) == '/' || location.charAt(n) == '\\' ? location.substring(from) : null;
    }

    /**
     * {@code value} as one path segment: letters, digits, {@code -}, {@code _} and {@code .} are kept (a lone
     * {@code .} or {@code ..} is escaped), every other byte of its UTF-8 form becomes {@code %XX}; an empty value
     * is {@code %20}.
     */
    public static String escape(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || (c == '.' && !value.equals(".") && !value.equals(".."))) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", (int) c));
            }
        }
        return sb.isEmpty() ? "%20" : sb.toString();
    }
}
