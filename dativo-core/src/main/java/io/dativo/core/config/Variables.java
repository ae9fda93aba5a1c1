package io.dativo.core.config;

import io.dativo.api.ConfigProblem;
import io.dativo.api.Secrets;
import io.dativo.core.config.YNode.YList;
import io.dativo.core.config.YNode.YMap;
import io.dativo.core.config.YNode.YScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces variable references in every text scalar of a tree, as a shell does: {@code ${NAME}} is the value,
 * {@code ${NAME:-default}} the default when NAME is unset or empty, {@code ${NAME-default}} the default only when
 * NAME is unset. Substitution is one pass over the text as written: a value that itself holds {@code ${} is used as
 * it is, never read again as a reference.
 */
final class Variables {

    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?:(:?-)([^}]*))?}");

    private final List<SecretSource> sources;
    private final Set<String> secretValues;

    Variables(List<SecretSource> sources, Set<String> secretValues) {
        this.sources = sources;
        this.secretValues = secretValues;
    }

    /** Whether every variable in {@code node} is set or has a default. */
    boolean resolves(YNode node) {
        List<ConfigProblem> problems = new ArrayList<>();
        substitute(node, "", problems);
        return problems.isEmpty();
    }

    YNode substitute(YNode node, String path, List<ConfigProblem> problems) {
        if (node instanceof YMap m) {
            Map<String, YNode> out = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> out.put(k, substitute(v, path.isEmpty() ? k : path + "." + k, problems)));
            return new YMap(out, m.keyLocs(), m.loc());
        }
        if (node instanceof YList l) {
            List<YNode> out = new ArrayList<>();
            for (int i = 0; i < l.items().size(); i++) {
                out.add(substitute(l.items().get(i), path + "[" + i + "]", problems));
            }
            return new YList(out, l.loc());
        }
        YScalar s = (YScalar) node;
        if (!(s.value() instanceof String text) || !text.contains("${")) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        boolean secret = s.secret();
        boolean malformed = false;
        Matcher m = REF.matcher(text);
        int from = 0;
        // The first '}' at or after a reference's start (the text's length when there is none), kept while
        // references start before it, so that text with many unclosed references is still read once.
        int close = -1;
        for (int start = text.indexOf("${"); start >= 0; start = text.indexOf("${", from)) {
            out.append(text, from, start);
            if (close < start) {
                int found = text.indexOf('}', start);
                close = found < 0 ? text.length() : found;
            }
            if (close == text.length() || !m.region(start, close + 1).matches()) {
                malformed = true;
                out.append("${");
                from = start + 2;
                continue;
            }
            from = close + 1;
            String name = m.group(1);
            Optional<String> value = Optional.empty();
            boolean fromSecret = false;
            for (SecretSource source : sources) {
                value = source.lookup(name);
                if (value.isPresent()) {
                    fromSecret = source.secret();
                    break;
                }
            }
            String operator = m.group(2);
            if (operator != null && (value.isEmpty() || (operator.equals(":-") && value.get().isEmpty()))) {
                value = Optional.of(m.group(3));
                fromSecret = false;
            }
            if (value.isEmpty()) {
                Shape.problem(problems, s.loc(), path, "variable ${" + name + "} is not set and has no default"
                        + " (set it in the environment or give ${" + name + ":-default})");
                out.append(text, start, from);
                continue;
            }
            secret |= fromSecret;
            out.append(value.get());
        }
        out.append(text, from, text.length());
        if (malformed) {
            Shape.problem(problems, s.loc(), path, "malformed variable reference in " + Shape.found(s, path)
                    + "; write ${NAME}, ${NAME:-default} or ${NAME-default}");
        }
        String result = out.toString();
        int dot = path.lastIndexOf('.');
        if (secret || Secrets.isSecretKey(dot < 0 ? path : path.substring(dot + 1))) {
            secretValues.add(result);
            secret = true;
        }
        return new YScalar(result, s.loc(), secret);
    }
}
