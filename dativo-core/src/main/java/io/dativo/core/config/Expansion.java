package io.dativo.core.config;

import io.dativo.api.ConfigProblem;
import io.dativo.core.config.YNode.Loc;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Measures what a composed YAML document becomes once its aliases are copied out, before anything is copied. In the
 * composed document an alias is the anchored node itself, shared, so a few hundred bytes of aliases that each double
 * the one before describe billions of nodes; measured once per shared node the whole check is linear in the file.
 * Reports the first place, in document order, that grows past {@link Yaml#MAX_NODES}, nests past
 * {@link Yaml#MAX_DEPTH}, or contains itself through an alias.
 */
final class Expansion {

    private static final String TOO_MANY = "expands to more than " + Yaml.MAX_NODES
            + " values through aliases (each use of an alias counts), the most a configuration file may hold";

    private final String label;
    private final Map<Node, Long> sizes = new IdentityHashMap<>();
    /** Nodes being measured: meeting one again means an alias refers to a node that contains it. */
    private final Map<Node, Boolean> open = new IdentityHashMap<>();
    private ConfigProblem problem;

    private Expansion(String label) {
        this.label = label;
    }

    /** The problem with {@code root}'s expansion, or empty when it fits. */
    static Optional<ConfigProblem> check(Node root, String label) {
        Expansion e = new Expansion(label);
        long size = e.size(root, Yaml.loc(root, label), "", 0);
        if (e.problem == null && size > Yaml.MAX_NODES) {
            e.blame(root, Yaml.loc(root, label), "");
        }
        return Optional.ofNullable(e.problem);
    }

    /** Nodes under and including {@code node}, saturating just past the limit; stops at the first problem. */
    private long size(Node node, Loc at, String path, int depth) {
        if (problem != null) {
            return 0;
        }
        if (node instanceof ScalarNode) {
            return 1;
        }
        Long known = sizes.get(node);
        if (known != null) {
            return known;
        }
        if (depth > Yaml.MAX_DEPTH) {
            fail(at, path, "the YAML is nested more deeply than " + Yaml.MAX_DEPTH + " levels");
            return 0;
        }
        if (open.put(node, Boolean.TRUE) != null) {
            fail(at, path, "an alias refers to a mapping or list that contains it");
            return 0;
        }
        long total = 1;
        for (Child c : children(node, path, depth)) {
            total = Math.min(total + size(c.node, c.at, c.path, depth + 1), Yaml.MAX_NODES + 1L);
        }
        open.remove(node);
        sizes.put(node, total);
        return total;
    }

    /** Walks down to the first child, in document order, that is too large on its own, and reports it. */
    private void blame(Node node, Loc at, String path) {
        for (Child c : children(node, path, 0)) {
            if (sizes.getOrDefault(c.node, 1L) > Yaml.MAX_NODES) {
                blame(c.node, c.at, c.path);
                return;
            }
        }
        fail(at, path, (path.isEmpty() ? "the document " : "this value ") + TOO_MANY);
    }

    private void fail(Loc at, String path, String message) {
        problem = new ConfigProblem(label, at.line(), at.column(), path, message);
    }

    /** A child with where it is written: a mapping value at its key, since an alias's own mark is its anchor's. */
    private record Child(Node node, Loc at, String path) {
    }

    private List<Child> children(Node node, String path, int depth) {
        List<Child> out = new ArrayList<>();
        // Paths stop growing a few levels down, so that a problem deep in a nest is still a short line.
        boolean extend = depth < 8;
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                out.add(new Child(t.getKeyNode(), Yaml.loc(t.getKeyNode(), label), path));
                out.add(new Child(t.getValueNode(), Yaml.loc(t.getKeyNode(), label),
                        !extend ? path : path.isEmpty() ? key : path + "." + key));
            }
        } else if (node instanceof SequenceNode seq) {
            int i = 0;
            for (Node item : seq.getValue()) {
                out.add(new Child(item, Yaml.loc(item, label), extend ? path + "[" + i + "]" : path));
                i++;
            }
        }
        return out;
    }
}
