package io.dativo.core.config;

import io.dativo.api.DativoException;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.OptionSpec;
import io.dativo.api.ReaderFactory;
import io.dativo.api.Secrets;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriterFactory;
import io.dativo.core.plugin.Plugins;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes secrets from text before it is logged, thrown, returned or printed: the job's known secret values (those
 * from secret sources, credentials, secret-named keys, options a factory declares secret, and the passwords of URLs
 * in its configuration), as written and as JSON escapes them, and the password part of every URL in the text
 * ({@link Secrets#maskUrl}). Every message that leaves a run goes through the job's masker.
 */
public final class Masker {

    /** Shorter values are not masked: they would hide ordinary words and numbers. */
    private static final int MIN_LENGTH = 3;

    private static final Masker URLS_ONLY = new Masker(Set.of());

    private final List<String> secrets;

    Masker(Set<String> secrets) {
        Set<String> forms = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_LENGTH && !s.equals(Secrets.MASK)) {
                forms.add(s);
                forms.add(jsonEscaped(s));
            }
        }
        this.secrets = forms.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** A masker that knows no values and masks the passwords of URLs only. */
    public static Masker urlsOnly() {
        return URLS_ONLY;
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

    /**
     * The masker of a job: {@code known} values, {@code credentials} (the source's, with what recipes added),
     * secret-named values of the source's and target's connection, credentials, engine options and catalog, and
     * the passwords of URLs among them and in the incremental state path.
     */
    public static Masker of(Set<String> known, Map<String, ?> credentials, SourceConfig source, TargetConfig target) {
        Set<String> found = new LinkedHashSet<>(known);
        IncrementalSpec inc = source.incremental();
        if (inc != null) {
            found.addAll(Secrets.urlSecrets(inc.statePath()));
        }
        return of(found, credentials, source.credentials(), source.connection(), source.engineOptions(),
                target.credentials(), target.connection(), target.engineOptions(), target.catalog());
    }

    /**
     * The masker of a job built in code: as {@link #of(Set, Map, SourceConfig, TargetConfig)}, with the values of
     * the engine options that the reader's and writer's factories declare {@linkplain OptionSpec#secret() secret}
     * (a loaded job gets those from its checks).
     */
    public static Masker ofBuilt(SourceConfig source, TargetConfig target) {
        Set<String> declared = new LinkedHashSet<>();
        try (Plugins.Loaded<ReaderFactory> f = Plugins.readerFactory(source)) {
            declared(f.instance().options(), source.engineOptions(), declared);
        } catch (DativoException | IOException e) {
            // no factory for this type: the builder supplies the reader, and declares nothing
        }
        try (Plugins.Loaded<WriterFactory> f = Plugins.writerFactory(target)) {
            declared(f.instance().options(), target.engineOptions(), declared);
        } catch (DativoException | IOException e) {
            // as for the reader
        }
        return of(declared, source.credentials(), source, target);
    }

    private static void declared(List<OptionSpec> specs, Map<String, Object> options, Set<String> out) {
        for (OptionSpec spec : specs) {
            Object v = options.get(spec.name());
            if (spec.secret() && v != null) {
                out.add(v.toString());
            }
        }
    }

    /** This masker also hiding {@code more}. */
    public Masker with(Set<String> more) {
        Set<String> all = new LinkedHashSet<>(secrets);
        all.addAll(more);
        return new Masker(all);
    }

    private static void collect(Object v, boolean secret, Set<String> out) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> collect(x, secret || Secrets.isSecretKey(String.valueOf(k)), out));
        } else if (v instanceof List<?> l) {
            l.forEach(x -> collect(x, secret, out));
        } else if (v instanceof String s) {
            out.addAll(Secrets.urlSecrets(s));
            if (secret) {
                out.add(s);
            }
        } else if (secret && v != null && !(v instanceof Boolean)) {
            // a flag under a secret-named key (auth: true) is not a secret, and masking it would hide every "true"
            out.add(v.toString());
        }
    }

    /** {@code text} with every known secret value and every URL password replaced; null stays null. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, Secrets.MASK);
        }
        return Secrets.maskUrl(out);
    }

    /** {@code texts}, each masked. */
    public List<String> mask(List<String> texts) {
        List<String> out = new ArrayList<>(texts.size());
        texts.forEach(t -> out.add(mask(t)));
        return out;
    }

    /** {@code t} as {@link Throwable#toString()} prints it, masked. */
    public String describe(Throwable t) {
        return t == null ? null : mask(t.toString());
    }

    private static String jsonEscaped(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
