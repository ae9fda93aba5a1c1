package io.dativo.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises and masks secrets: values of secret-named keys in configuration maps, and the password parts of URLs
 * and connection strings in any text.
 *
 * <p>A key is secret when one of its words (split at {@code _}, {@code -}, {@code .}, spaces, digits and camelCase
 * humps) is a secret word: {@code password}, {@code passwd}, {@code pwd}, {@code pgpassword}, {@code passphrase},
 * {@code secret}, {@code token}, {@code auth}, {@code authorization}, {@code credential(s)}, {@code apikey},
 * {@code accesskey}, {@code secretkey}, {@code privatekey}, {@code sas}, {@code sig}, {@code signature}; or when two
 * neighbouring words are {@code api}, {@code access}, {@code secret}, {@code private}, {@code account},
 * {@code master}, {@code encryption}, {@code signing} or {@code shared} followed by {@code key}. So
 * {@code db_password}, {@code secretAccessKey}, {@code x-api-key}, {@code session_token}, {@code auth_type} and
 * {@code password_file} are secret, while {@code author}, {@code authority}, {@code tokenizer}, {@code secretary}
 * and {@code partition_key} are not: the match is on whole words, never on part of one.
 *
 * @since 0.1
 */
public final class Secrets {

    /** What a masked value prints as. */
    public static final String MASK = "****";

    private static final Set<String> SECRET_WORDS = Set.of(
            "password", "passwords", "passwd", "pwd", "pgpassword", "passphrase", "secret", "secrets", "token",
            "tokens", "auth", "authorization", "credential", "credentials", "apikey", "accesskey", "secretkey",
            "privatekey", "accountkey", "sas", "sig", "signature");
    private static final Set<String> KEY_QUALIFIERS = Set.of(
            "api", "access", "secret", "private", "account", "master", "encryption", "signing", "shared");
    private static final Pattern WORD = Pattern.compile("[A-Z]+(?![a-z])|[A-Z]?[a-z]+");

    /** {@code //user:password@}: the password is group 2; it may itself hold {@code @}. */
    private static final Pattern USER_PASSWORD = Pattern.compile("//([^/@\\s:]*):([^/\\s]*)@");
    /** {@code //user@} or {@code //token@}, without a password: the whole user part is masked. */
    private static final Pattern USER_ONLY = Pattern.compile("//([^/@\\s:]+)@");
    /** Oracle's {@code jdbc:oracle:thin:user/password@host}. */
    private static final Pattern ORACLE = Pattern.compile("(?i)(jdbc:oracle:\\w+:)([^/@\\s]*)/([^@\\s]*)@");
    /** {@code key=value} after the start, {@code ?}, {@code &}, {@code ;}, {@code ,} or a space. */
    private static final Pattern PARAM = Pattern.compile(
            "(^|[?&;,\\s])([A-Za-z][A-Za-z0-9_.\\-]*)(\\s*=\\s*)('[^']*'|\"[^\"]*\"|[^&;,\\s'\"]*)");

    private Secrets() {
    }

    /** True if a key with this name holds a secret, such as {@code password} or {@code secret_access_key}. */
    public static boolean isSecretKey(String key) {
        if (key == null) {
            return false;
        }
        List<String> words = words(key);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (SECRET_WORDS.contains(w)
                    || w.equals("key") && i > 0 && KEY_QUALIFIERS.contains(words.get(i - 1))) {
                return true;
            }
        }
        return false;
    }

    /** The lower-case words of {@code key}: {@code secretAccessKey}, {@code SECRET_ACCESS_KEY} -> secret, access, key. */
    static List<String> words(String key) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(key);
        while (m.find()) {
            words.add(m.group().toLowerCase(Locale.ROOT));
        }
        return words;
    }

    /**
     * {@code text} with the credentials of every URL and connection string in it masked: the password of
     * {@code user:password@} (a {@code user@} without a password is masked whole, as it may be a token), Oracle's
     * {@code user/password@}, and the value of every secret-named parameter ({@code ?password=},
     * {@code ;PASSWORD=}, {@code &access_token=}, {@code AccountKey=}, libpq's {@code password=...}). Works on a
     * bare URL or on a message quoting one.
     */
    public static String maskUrl(String text) {
        return text == null ? null : scan(text, s -> { });
    }

    /**
     * The passwords and secret parameter values that {@link #maskUrl} masks in {@code text}, so that a masker can
     * also hide them where a message repeats them outside a URL.
     */
    public static Set<String> urlSecrets(String text) {
        Set<String> found = new LinkedHashSet<>();
        if (text != null) {
            scan(text, s -> {
                String v = unquote(s);
                if (!v.isEmpty() && !v.contains(MASK)) {
                    found.add(v);
                }
            });
        }
        return found;
    }

    private static String scan(String text, Consumer<String> found) {
        String out = replace(USER_PASSWORD, text, m -> {
            found.accept(m.group(2));
            return "//" + m.group(1) + ":" + MASK + "@";
        });
        // a user name alone is not learned as a secret: it would mask every word it happens to be
        out = replace(USER_ONLY, out, m -> "//" + MASK + "@");
        out = replace(ORACLE, out, m -> {
            found.accept(m.group(3));
            return m.group(1) + m.group(2) + "/" + MASK + "@";
        });
        return replace(PARAM, out, m -> {
            if (!isSecretKey(m.group(2)) || m.group(4).isEmpty() || m.group(4).startsWith(MASK)) {
                return m.group();
            }
            found.accept(m.group(4));
            return m.group(1) + m.group(2) + m.group(3) + MASK;
        });
    }

    private static String replace(Pattern p, String text, Function<Matcher, String> with) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        do {
            m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }

    private static String unquote(String v) {
        return v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))
                ? v.substring(1, v.length() - 1) : v;
    }

    /**
     * A copy of {@code map} with the values of secret keys, at any depth, replaced by {@link #MASK}, and the
     * credentials of URLs in the other values masked as {@link #maskUrl} does.
     */
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
        if (secret && v != null) {
            return MASK;
        }
        return v instanceof String s ? maskUrl(s) : v;
    }
}
