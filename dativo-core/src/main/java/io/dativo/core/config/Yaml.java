package io.dativo.core.config;

import io.dativo.api.ConfigProblem;
import io.dativo.core.config.YNode.Loc;
import io.dativo.core.config.YNode.YList;
import io.dativo.core.config.YNode.YMap;
import io.dativo.core.config.YNode.YScalar;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** Reads a YAML file into a {@link YNode} tree that keeps line and column of every node. */
final class Yaml {

    private Yaml() {
    }

    /** The document in {@code file}, or empty after adding a problem to {@code problems}. */
    static Optional<YNode> read(Path file, String label, List<ConfigProblem> problems) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            problems.add(new ConfigProblem(label, 0, 0, "", "file not found: " + file.toAbsolutePath().normalize()));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(new ConfigProblem(label, 0, 0, "", "cannot read file: " + e));
            return Optional.empty();
        }
        return parse(new java.io.StringReader(text), label, problems);
    }

    static Optional<YNode> parse(Reader reader, String label, List<ConfigProblem> problems) {
        LoadSettings settings = LoadSettings.builder().setLabel(label).setSchema(new CoreSchema())
                .setAllowDuplicateKeys(true).build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, reader)));
            Optional<Node> node = composer.getSingleNode();
            if (node.isEmpty()) {
                problems.add(new ConfigProblem(label, 0, 0, "", "the file is empty"));
                return Optional.empty();
            }
            return Optional.of(convert(node.get(), label, "", problems));
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
            String what = "invalid YAML: " + (e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem();
            problems.add(new ConfigProblem(label, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
                    "", what));
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.add(new ConfigProblem(label, 0, 0, "", "invalid YAML: " + e.getMessage()));
            return Optional.empty();
        }
    }

    private static Loc loc(Node n, String label) {
        return n.getStartMark().map(m -> new Loc(label, m.getLine() + 1, m.getColumn() + 1))
                .orElse(new Loc(label, 0, 0));
    }

    private static YNode convert(Node node, String label, String path, List<ConfigProblem> problems) {
        Loc loc = loc(node, label);
        if (node instanceof MappingNode map) {
            Map<String, YNode> entries = new LinkedHashMap<>();
            Map<String, Loc> keyLocs = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                Loc keyLoc = loc(t.getKeyNode(), label);
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    problems.add(new ConfigProblem(label, keyLoc.line(), keyLoc.column(), path,
                            "keys must be plain text"));
                    continue;
                }
                String key = k.getValue();
                String childPath = path.isEmpty() ? key : path + "." + key;
                if (entries.containsKey(key)) {
                    problems.add(new ConfigProblem(label, keyLoc.line(), keyLoc.column(), childPath,
                            "duplicate key '" + key + "' (first at line " + keyLocs.get(key).line() + ")"));
                    continue;
                }
                keyLocs.put(key, keyLoc);
                entries.put(key, convert(t.getValueNode(), label, childPath, problems));
            }
            return new YMap(entries, keyLocs, loc);
        }
        if (node instanceof SequenceNode seq) {
            List<YNode> items = new ArrayList<>();
            int i = 0;
            for (Node item : seq.getValue()) {
                items.add(convert(item, label, path + "[" + i++ + "]", problems));
            }
            return new YList(items, loc);
        }
        ScalarNode s = (ScalarNode) node;
        return new YScalar(scalarValue(s), loc, false);
    }

    private static Object scalarValue(ScalarNode s) {
        Tag tag = s.getTag();
        String v = s.getValue();
        try {
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            if (Tag.BOOL.equals(tag)) {
                return Boolean.parseBoolean(v.toLowerCase(java.util.Locale.ROOT));
            }
            if (Tag.INT.equals(tag)) {
                java.math.BigInteger b = v.startsWith("0x") ? new java.math.BigInteger(v.substring(2), 16)
                        : v.startsWith("0o") ? new java.math.BigInteger(v.substring(2), 8)
                        : new java.math.BigInteger(v.replace("_", ""));
                return b.bitLength() < 64 ? (Object) b.longValue() : b;
            }
            if (Tag.FLOAT.equals(tag) && CoreScalarResolver.FLOAT.matcher(v).matches() && !v.startsWith(".")) {
                return Double.parseDouble(v);
            }
        } catch (NumberFormatException e) {
            return v;
        }
        return v;
    }
}
