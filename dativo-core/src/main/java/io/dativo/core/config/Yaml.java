package io.dativo.core.config;

import io.dativo.api.ConfigProblem;
import io.dativo.core.config.YNode.Loc;
import io.dativo.core.config.YNode.YList;
import io.dativo.core.config.YNode.YMap;
import io.dativo.core.config.YNode.YScalar;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

/**
 * Reads a YAML file into a {@link YNode} tree that keeps line and column of every node.
 *
 * <p>A configuration file is small, so anything that is not is refused before it costs time or memory: files over
 * {@link #MAX_BYTES}, files that are not UTF-8 text, trees that aliases expand to more than {@link #MAX_NODES} nodes
 * (an alias shares a node in the parsed document but is copied into the tree) and nesting deeper than
 * {@link #MAX_DEPTH}.
 */
final class Yaml {

    /** The largest configuration file read: 1 MiB. */
    static final int MAX_BYTES = 1 << 20;
    /** The most nodes (mappings, lists and scalars) a file may expand to, aliases counted at every use. */
    static final int MAX_NODES = 100_000;
    /** The deepest nesting of mappings and lists. */
    static final int MAX_DEPTH = 200;
    private static final int MAX_DIGITS = 64;

    private Yaml() {
    }

    /** The document in {@code file}, or empty after adding a problem to {@code problems}. */
    static Optional<YNode> read(Path file, String label, List<ConfigProblem> problems) {
        byte[] bytes;
        // Reads at most one byte past the limit, so neither a huge file nor a device that never ends is read whole.
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            problems.add(new ConfigProblem(label, 0, 0, "", "file not found: " + file.toAbsolutePath().normalize()));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(new ConfigProblem(label, 0, 0, "", "cannot read file: " + e.getMessage()));
            return Optional.empty();
        }
        if (bytes.length > MAX_BYTES) {
            problems.add(new ConfigProblem(label, 0, 0, "", "the file is larger than " + MAX_BYTES
                    + " bytes (1 MiB), the most a configuration file may hold"));
            return Optional.empty();
        }
        Optional<String> text = utf8(bytes, label, problems);
        return text.isEmpty() ? Optional.empty() : parse(new StringReader(text.get()), label, problems);
    }

    /** The bytes as text, or empty after a problem when they are not UTF-8 text (binary, or another encoding). */
    private static Optional<String> utf8(byte[] bytes, String label, List<ConfigProblem> problems) {
        if (bytes.length > 1 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            notText(bytes, 0, label, problems, "it starts with a UTF-16 byte order mark; save it as UTF-8");
            return Optional.empty();
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        int invalid = result.isError() ? in.position() : bytes.length;
        for (int i = 0; i < invalid; i++) {
            // NUL is valid UTF-8 but no text file holds one: it is the mark of a binary file such as a jar.
            if (bytes[i] == 0) {
                notText(bytes, i, label, problems, "it holds a NUL byte, so it is binary");
                return Optional.empty();
            }
        }
        if (result.isError()) {
            notText(bytes, invalid, label, problems,
                    String.format(Locale.ROOT, "byte 0x%02X is not UTF-8", bytes[invalid] & 0xFF));
            return Optional.empty();
        }
        decoder.flush(out);
        return Optional.of(out.flip().toString());
    }

    private static void notText(byte[] bytes, int offset, String label, List<ConfigProblem> problems, String why) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = 1 + new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8).length();
        problems.add(new ConfigProblem(label, line, column, "", "not a UTF-8 YAML file (" + why + ")"));
    }

    static Optional<YNode> parse(Reader reader, String label, List<ConfigProblem> problems) {
        LoadSettings settings = LoadSettings.builder().setLabel(label).setSchema(new CoreSchema())
                .setAllowDuplicateKeys(true).setCodePointLimit(MAX_BYTES)
                // Aliases are bounded by the size of the tree they expand to, which Expansion checks with a place.
                .setMaxAliasesForCollections(MAX_NODES).build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, reader)));
            Optional<Node> node = composer.getSingleNode();
            if (node.isEmpty()) {
                problems.add(new ConfigProblem(label, 0, 0, "", "the file is empty"));
                return Optional.empty();
            }
            Optional<ConfigProblem> tooLarge = Expansion.check(node.get(), label);
            if (tooLarge.isPresent()) {
                problems.add(tooLarge.get());
                return Optional.empty();
            }
            return Optional.of(new Converter(label, problems).convert(node.get(), ""));
        } catch (MarkedYamlEngineException e) {
            // A quote or bracket left open is found only at the end of the file; where it opened is the place to fix.
            boolean unclosed = e.getContextMark().isPresent() && e.getProblem() != null
                    && e.getProblem().contains("end of stream");
            Mark m = unclosed ? e.getContextMark().get() : e.getProblemMark().or(e::getContextMark).orElse(null);
            String what = "invalid YAML: " + (e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem()
                    + (unclosed ? " (it starts here and is not closed)" : "");
            problems.add(new ConfigProblem(label, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
                    "", what));
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.add(new ConfigProblem(label, 0, 0, "", "invalid YAML: " + e.getMessage()));
            return Optional.empty();
        } catch (StackOverflowError e) {
            // The YAML composer recurses once per level of nesting, before the tree's own depth check can run.
            problems.add(new ConfigProblem(label, 0, 0, "", "the YAML is nested more deeply than " + MAX_DEPTH
                    + " levels"));
            return Optional.empty();
        }
    }

    static Loc loc(Node n, String label) {
        return n.getStartMark().map(m -> new Loc(label, m.getLine() + 1, m.getColumn() + 1))
                .orElse(new Loc(label, 0, 0));
    }

    /** Copies a composed document, whose size, depth and cycles have been checked, into a tree. */
    private static final class Converter {
        private final String label;
        private final List<ConfigProblem> problems;

        Converter(String label, List<ConfigProblem> problems) {
            this.label = label;
            this.problems = problems;
        }

        YNode convert(Node node, String path) {
            Loc loc = loc(node, label);
            if (node instanceof MappingNode map) {
                return mapping(map, loc, path);
            }
            if (node instanceof SequenceNode seq) {
                List<YNode> items = new ArrayList<>();
                int i = 0;
                for (Node item : seq.getValue()) {
                    items.add(convert(item, path + "[" + i++ + "]"));
                }
                return new YList(items, loc);
            }
            return new YScalar(scalarValue((ScalarNode) node), loc, false);
        }

        private YNode mapping(MappingNode map, Loc loc, String path) {
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
                entries.put(key, convert(t.getValueNode(), childPath));
            }
            return new YMap(entries, keyLocs, loc);
        }
    }

    private static Object scalarValue(ScalarNode s) {
        Tag tag = s.getTag();
        String v = s.getValue();
        try {
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            if (Tag.BOOL.equals(tag)) {
                return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
            }
            // Longer digit strings are no number a configuration means, and parsing them grows with the square.
            if (Tag.INT.equals(tag) && v.length() <= MAX_DIGITS) {
                BigInteger b = v.startsWith("0x") ? new BigInteger(v.substring(2), 16)
                        : v.startsWith("0o") ? new BigInteger(v.substring(2), 8)
                        : new BigInteger(v.replace("_", ""));
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
