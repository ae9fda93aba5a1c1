package io.dativo.core.validate;

import io.dativo.api.FieldSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Which source column each field of the contract reads: the column of the same name, else the first whose name
 * differs only in case. Worked out again only when a batch's schema differs from the last one's, which for a file or
 * a table it seldom does.
 */
final class SourceColumns {

    private final List<FieldSpec> fields;
    private Schema matched;
    private int[] columns;
    private boolean[] used;

    SourceColumns(List<FieldSpec> fields) {
        this.fields = fields;
    }

    /** For each field, the index of its column in {@code in}'s vectors, or {@code -1} when it has none. */
    int[] match(VectorSchemaRoot in) {
        Schema source = in.getSchema();
        if (source == matched || source.equals(matched)) {
            return columns;
        }
        List<FieldVector> vectors = in.getFieldVectors();
        Map<String, Integer> byName = new HashMap<>();
        Map<String, Integer> byLower = new HashMap<>();
        for (int c = 0; c < vectors.size(); c++) {
            byName.put(vectors.get(c).getName(), c);
            byLower.putIfAbsent(vectors.get(c).getName().toLowerCase(Locale.ROOT), c);
        }
        int[] match = new int[fields.size()];
        boolean[] read = new boolean[vectors.size()];
        for (int f = 0; f < fields.size(); f++) {
            Integer c = byName.get(fields.get(f).name());
            if (c == null) {
                c = byLower.get(fields.get(f).name().toLowerCase(Locale.ROOT));
            }
            match[f] = c == null ? -1 : c;
            if (c != null) {
                read[c] = true;
            }
        }
        matched = source;
        columns = match;
        used = read;
        return match;
    }

    /** Whether a field reads the column at {@code column} of the batch {@link #match} was given last. */
    boolean used(int column) {
        return used[column];
    }
}
