package io.dativo.core.config;

import java.util.List;
import java.util.Map;

/** A YAML node that remembers where it was written. */
sealed interface YNode permits YNode.YMap, YNode.YList, YNode.YScalar {

    Loc loc();

    /** A place in a file; line and column are 1-based. */
    record Loc(String file, int line, int column) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column;
        }
    }

    /** A mapping; {@code keyLocs} holds where each key was written. */
    record YMap(Map<String, YNode> entries, Map<String, Loc> keyLocs, Loc loc) implements YNode {
        YNode get(String key) {
            return entries.get(key);
        }
    }

    /** A sequence. */
    record YList(List<YNode> items, Loc loc) implements YNode {
    }

    /**
     * A scalar; {@code value} is a String, Long, BigInteger, Double, Boolean or null as YAML's core schema resolves it.
     * {@code secret} marks values that came from a secret source.
     */
    record YScalar(Object value, Loc loc, boolean secret) implements YNode {
        String text() {
            return value == null ? null : value.toString();
        }
    }
}
