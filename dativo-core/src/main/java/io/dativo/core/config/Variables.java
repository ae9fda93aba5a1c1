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

/** Replaces {@code ${NAME}} and {@code ${NAME:-default}} in every text scalar of a tree. */
final class Variables {

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(:-([^}]*))?}");

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
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean secret = s.secret();
        boolean failed = false;
        while (m.find()) {
            String name = m.group(1);
            Optional<String> value = Optional.empty();
            for (SecretSource source : sources) {
                value = source.lookup(name);
                if (value.isPresent()) {
                    secret |= source.secret();
                    break;
                }
            }
            if (value.isEmpty() && m.group(2) != null) {
                value = Optional.of(m.group(3));
            }
            if (value.isEmpty()) {
                Shape.problem(problems, s.loc(), path, "variable ${" + name + "} is not set and has no default"
                        + " (set it in the environment or give ${" + name + ":-default})");
                failed = true;
                continue;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.get()));
        }
        m.appendTail(out);
        String result = out.toString();
        if (!failed && result.contains("${")) {
            Shape.problem(problems, s.loc(), path, "malformed variable reference in '" + text
                    + "'; write ${NAME} or ${NAME:-default}");
        }
        int dot = path.lastIndexOf('.');
        if (secret || Secrets.isSecretKey(dot < 0 ? path : path.substring(dot + 1))) {
            secretValues.add(result);
            secret = true;
        }
        return new YScalar(result, s.loc(), secret);
    }
}
