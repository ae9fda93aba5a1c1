package io.dativo.core.config;

import io.dativo.api.ConfigProblem;
import io.dativo.api.Secrets;
import io.dativo.core.config.YNode.Loc;
import io.dativo.core.config.YNode.YList;
import io.dativo.core.config.YNode.YMap;
import io.dativo.core.config.YNode.YScalar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The expected shape of a YAML node. {@link #check} converts a node to plain Java values (maps, lists, strings,
 * numbers, booleans) and reports every mismatch to the problem list instead of stopping at the first.
 */
abstract class Shape {

    /** A value that did not match; callers treat it as absent. */
    static final Object INVALID = new Object();

    private static final int MAX_SHOWN = 60;

    abstract String expected();

    /** This shape as JSON Schema (draft 2020-12), for editors. Text may stand for any scalar via ${VAR}. */
    abstract Map<String, Object> jsonSchema();

    private static Map<String, Object> schema(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Scalars may be written as a ${VAR} reference that substitution turns into the value. */
    private static Map<String, Object> orVariable(Map<String, Object> s) {
        return schema("anyOf", List.of(s, schema("type", "string", "pattern", "\\$\\{[^}]+}")));
    }

    abstract Object convert(YNode node, String path, List<ConfigProblem> problems);

    Object check(YNode node, String path, List<ConfigProblem> problems) {
        if (node instanceof YScalar s && s.value() == null) {
            return null;
        }
        return convert(node, path, problems);
    }

    static void problem(List<ConfigProblem> problems, Loc loc, String path, String message) {
        problems.add(new ConfigProblem(loc.file(), loc.line(), loc.column(), path, message));
    }

    static String found(YNode node, String path) {
        if (node instanceof YMap) {
            return "a mapping";
        }
        if (node instanceof YList) {
            return "a list";
        }
        YScalar s = (YScalar) node;
        if (s.secret() || Secrets.isSecretKey(lastKey(path))) {
            return "a value that is not shown because it is secret";
        }
        return "'" + shorten(String.valueOf(s.value())) + "'";
    }

    /** Text as a message shows it: at most {@link #MAX_SHOWN} characters. */
    static String shorten(String text) {
        return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
    }

    private static String lastKey(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    Object mismatch(YNode node, String path, List<ConfigProblem> problems) {
        problem(problems, node.loc(), path, "expected " + expected() + ", found " + found(node, path));
        return INVALID;
    }

    /** Plain Java value of any node. */
    static Object plain(YNode node) {
        if (node instanceof YMap m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> out.put(k, plain(v)));
            return out;
        }
        if (node instanceof YList l) {
            List<Object> out = new ArrayList<>();
            l.items().forEach(v -> out.add(plain(v)));
            return out;
        }
        return ((YScalar) node).value();
    }

    static Shape text() {
        return new Shape() {
            String expected() {
                return "text";
            }

            Map<String, Object> jsonSchema() {
                return schema("type", List.of("string", "number", "boolean"));
            }

            Object convert(YNode n, String path, List<ConfigProblem> problems) {
                return n instanceof YScalar s ? s.text() : mismatch(n, path, problems);
            }
        };
    }

    static Shape integer() {
        return new Shape() {
            String expected() {
                return "a whole number";
            }

            Map<String, Object> jsonSchema() {
                return orVariable(schema("type", "integer"));
            }

            Object convert(YNode n, String path, List<ConfigProblem> problems) {
                if (n instanceof YScalar s) {
                    if (s.value() instanceof Long l) {
                        return l;
                    }
                    if (s.value() instanceof String str && str.trim().matches("[-+]?\\d{1,18}")) {
                        return Long.parseLong(str.trim());
                    }
                }
                return mismatch(n, path, problems);
            }
        };
    }

    static Shape number() {
        return new Shape() {
            String expected() {
                return "a number";
            }

            Map<String, Object> jsonSchema() {
                return orVariable(schema("type", "number"));
            }

            Object convert(YNode n, String path, List<ConfigProblem> problems) {
                if (n instanceof YScalar s) {
                    if (s.value() instanceof Number x) {
                        return x.doubleValue();
                    }
                    try {
                        return Double.parseDouble(String.valueOf(s.value()).trim());
                    } catch (NumberFormatException e) {
                        return mismatch(n, path, problems);
                    }
                }
                return mismatch(n, path, problems);
            }
        };
    }

    static Shape bool() {
        return new Shape() {
            String expected() {
                return "true or false";
            }

            Map<String, Object> jsonSchema() {
                return orVariable(schema("type", "boolean"));
            }

            Object convert(YNode n, String path, List<ConfigProblem> problems) {
                if (n instanceof YScalar s) {
                    if (s.value() instanceof Boolean b) {
                        return b;
                    }
                    String t = String.valueOf(s.value()).trim().toLowerCase(Locale.ROOT);
                    if (Set.of("true", "yes", "on").contains(t)) {
                        return true;
                    }
                    if (Set.of("false", "no", "off").contains(t)) {
                        return false;
                    }
                }
                return mismatch(n, path, problems);
            }
        };
    }

    static Shape oneOf(String... values) {
        List<String> allowed = Arrays.asList(values);
        return new Shape() {
            String expected() {
                return "one of " + String.join(", ", allowed);
            }

            Map<String, Object> jsonSchema() {
                return orVariable(schema("enum", allowed));
            }

            Object convert(YNode n, String path, List<ConfigProblem> problems) {
                if (n instanceof YScalar s && s.value() != null) {
                    String v = s.text().trim().toLowerCase(Locale.ROOT);
                    if (allowed.contains(v)) {
                        return v;
                    }
                    String suggestion = didYouMean(v, allowed);
                    problem(problems, n.loc(), path, "expected " + expected() + ", found " + found(n, path)
                            + (suggestion.startsWith("; did you mean") ? suggestion : ""));
                    return INVALID;
                }
                return mismatch(n, path, problems);
            }
        };
    }

    static Shape listOf(Shape item) {
        return new Shape() {
            String expected() {
                return "a list";
            }

            Map<String, Object> jsonSchema() {
                return schema("type", "array", "items", item.jsonSchema());
            }

            Object convert(YNode n, String path, List<ConfigProblem> problems) {
                if (!(n instanceof YList l)) {
                    return mismatch(n, path, problems);
                }
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < l.items().size(); i++) {
                    Object v = item.check(l.items().get(i), path + "[" + i + "]", problems);
                    if (v != INVALID) {
                        out.add(v);
                    }
                }
                return out;
            }
        };
    }

    static Shape textList() {
        return listOf(text());
    }

    /** A mapping whose keys and values are free. */
    static Shape anyMap() {
        return new Shape() {
            String expected() {
                return "a mapping";
            }

            Object convert(YNode n, String path, List<ConfigProblem> problems) {
                return n instanceof YMap ? plain(n) : mismatch(n, path, problems);
            }

            Map<String, Object> jsonSchema() {
                return schema("type", "object");
            }
        };
    }

    static Shape any() {
        return new Shape() {
            String expected() {
                return "a value";
            }

            Map<String, Object> jsonSchema() {
                return schema();
            }

            Object convert(YNode n, String path, List<ConfigProblem> problems) {
                return plain(n);
            }
        };
    }

    static Obj obj() {
        return new Obj();
    }

    /** A mapping with known keys; an unknown key is a problem with a suggestion. */
    static final class Obj extends Shape {
        private final Map<String, Shape> fields = new LinkedHashMap<>();
        private final Set<String> required = new TreeSet<>();

        Obj req(String key, Shape shape) {
            required.add(key);
            return opt(key, shape);
        }

        Obj opt(String key, Shape shape) {
            fields.put(key, shape);
            return this;
        }

        /** Accepts {@code keys} with any value. */
        Obj free(String... keys) {
            for (String k : keys) {
                fields.put(k, any());
            }
            return this;
        }

        Set<String> keys() {
            return fields.keySet();
        }

        String expected() {
            return "a mapping";
        }

        Map<String, Object> jsonSchema() {
            Map<String, Object> props = new LinkedHashMap<>();
            fields.forEach((k, v) -> props.put(k, v.jsonSchema()));
            Map<String, Object> out = schema("type", "object", "properties", props, "additionalProperties", false);
            if (!required.isEmpty()) {
                out.put("required", List.copyOf(required));
            }
            return out;
        }

        Object convert(YNode n, String path, List<ConfigProblem> problems) {
            if (!(n instanceof YMap m)) {
                return mismatch(n, path, problems);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, YNode> e : m.entries().entrySet()) {
                String key = e.getKey();
                String childPath = path.isEmpty() ? key : path + "." + key;
                Shape shape = fields.get(key);
                if (shape == null) {
                    problem(problems, m.keyLocs().getOrDefault(key, m.loc()), shorten(childPath),
                            "unknown key '" + shorten(key) + "'" + didYouMean(key, fields.keySet()));
                    continue;
                }
                Object v = shape.check(e.getValue(), childPath, problems);
                if (v != INVALID) {
                    out.put(key, v);
                }
            }
            for (String r : required) {
                if (m.get(r) == null || (m.get(r) instanceof YScalar s && s.value() == null)) {
                    problem(problems, m.loc(), path.isEmpty() ? r : path + "." + r, "missing required key '" + r + "'");
                }
            }
            return out;
        }
    }

    static String didYouMean(String given, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = given.toLowerCase(Locale.ROOT);
        // No known name is long; comparing a long one letter by letter to each would only cost time.
        for (String k : given.length() > MAX_SHOWN ? List.<String>of() : known) {
            int d = distance(lower, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(2, given.length() / 3)) {
            return "; did you mean '" + best + "'?";
        }
        // A word and its own prefix ('warning' for 'warn') are close however many letters one adds.
        for (String k : given.length() > MAX_SHOWN ? List.<String>of() : known) {
            String candidate = k.toLowerCase(Locale.ROOT);
            if (candidate.length() >= 3 && lower.length() >= 3
                    && (lower.startsWith(candidate) || candidate.startsWith(lower))) {
                return "; did you mean '" + k + "'?";
            }
        }
        return known.size() <= 12 ? "; expected one of: " + String.join(", ", known) : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
