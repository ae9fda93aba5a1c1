package io.dativo.core.config;

import io.dativo.api.Secrets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Removes known secret values from text before it is logged, thrown or returned. */
public final class Masker {

    private final List<String> secrets;

    Masker(Set<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 3)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** A masker for {@code known}, every credential, and every value under a secret-named key in {@code others}. */
    @SafeVarargs
    public static Masker of(Set<String> known, Map<String, ?> credentials, Map<String, ?>... others) {
        Set<String> found = new LinkedHashSet<>(known);
        collect(credentials, true, found);
        for (Map<String, ?> m : others) {
            collect(m, false, found);
        }
        return new Masker(found);
    }

    private static void collect(Object v, boolean secret, Set<String> out) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> collect(x, secret || Secrets.isSecretKey(String.valueOf(k)), out));
        } else if (v instanceof List<?> l) {
            l.forEach(x -> collect(x, secret, out));
        } else if (secret && v != null) {
            out.add(v.toString());
        }
    }

    /** {@code text} with every known secret value replaced; null stays null. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, Secrets.MASK);
        }
        return out;
    }
}
