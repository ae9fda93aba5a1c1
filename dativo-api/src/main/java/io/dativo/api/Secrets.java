package io.dativo.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recognises and masks secret values in configuration maps.
 *
 * @since 0.1
 */
public final class Secrets {

    /** What a masked value prints as. */
    public static final String MASK = "****";

    private static final List<String> SECRET_WORDS = List.of(
            "password", "passwd", "secret", "token", "api_key", "apikey", "access_key", "accesskey",
            "private_key", "privatekey", "credential", "auth");

    private Secrets() {
    }

    /** True if a key with this name holds a secret, such as {@code password} or {@code secret_access_key}. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
        for (String word : SECRET_WORDS) {
            if (k.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code url} with its credentials masked: a {@code password=} parameter and a {@code user:password@} (or
     * {@code user@}) part, as JDBC and other URLs carry them.
     */
    public static String maskUrl(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1" + MASK)
                .replaceAll("//[^/@]*@", "//" + MASK + "@");
    }

    /** A copy of {@code map} with the values of secret keys, at any depth, replaced by {@link #MASK}. */
    public static Map<String, Object> mask(Map<String, ?> map) {
        return mask(map, false);
    }

    /** A copy of {@code map} with every scalar value replaced by {@link #MASK}, for credentials. */
    public static Map<String, Object> maskAll(Map<String, ?> map) {
        return mask(map, true);
    }

    private static Map<String, Object> mask(Map<String, ?> map, boolean all) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, maskValue(v, all || isSecretKey(k))));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object maskValue(Object v, boolean secret) {
        if (v instanceof Map<?, ?> m) {
            return mask((Map<String, ?>) m, secret);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> maskValue(x, secret)).toList();
        }
        return secret && v != null ? MASK : v;
    }
}
