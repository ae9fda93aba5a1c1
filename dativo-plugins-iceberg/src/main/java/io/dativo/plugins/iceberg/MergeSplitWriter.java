package io.dativo.plugins.iceberg;

import io.dativo.api.RejectedRecord;
import io.dativo.api.SplitWriter;
import io.dativo.api.WriteFragment;
import io.dativo.core.connector.file.FileTargetWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One split of a merge: every row goes to the data files, and its key columns to equality-delete files beside them
 * (same partitions, since every partition column is a key), so that the commit deletes the older versions of the
 * run's keys without reading the table. The key files are written by a second split writer of core's file target
 * over the key columns only; their fragments keep the split's id and attempt, and are marked by
 * {@value #CONTENT} = {@value #EQUALITY_DELETES}.
 */
final class MergeSplitWriter implements SplitWriter {

    /** The fragment property that tells delete files from data files. */
    static final String CONTENT = "iceberg.content";
    static final String EQUALITY_DELETES = "equality-deletes";
    /** Appended to the split's id in the key files' names, so they never share a name with its data files. */
    private static final String KEYS_SUFFIX = ".keys";

    private final SplitWriter data;
    private final SplitWriter keys;
    private final List<String> keyColumns;

    MergeSplitWriter(SplitWriter data, FileTargetWriter keyFiles, String splitId, int attempt,
                     List<String> keyColumns) {
        this.data = data;
        this.keys = keyFiles.newSplitWriter(splitId + KEYS_SUFFIX, attempt);
        this.keyColumns = List.copyOf(keyColumns);
    }

    @Override
    public void write(VectorSchemaRoot batch) throws Exception {
        data.write(batch);
        List<FieldVector> vectors = new ArrayList<>(keyColumns.size());
        for (String k : keyColumns) {
            vectors.add(batch.getVector(k));
        }
        // A view of the batch's own key vectors, which the batch closes; the view owns nothing.
        VectorSchemaRoot view = new VectorSchemaRoot(vectors);
        view.setRowCount(batch.getRowCount());
        keys.write(view);
    }

    @Override
    public void writeRejects(List<RejectedRecord> rejects) throws Exception {
        data.writeRejects(rejects);
    }

    @Override
    public List<WriteFragment> finish() throws Exception {
        List<WriteFragment> out = new ArrayList<>(data.finish());
        for (WriteFragment f : keys.finish()) {
            Map<String, String> props = new LinkedHashMap<>(f.properties());
            props.put(CONTENT, EQUALITY_DELETES);
            String split = f.splitId().substring(0, f.splitId().length() - KEYS_SUFFIX.length());
            out.add(new WriteFragment(f.kind(), split, f.attempt(), f.location(), f.pending(), f.records(),
                    f.bytes(), f.partition(), f.columns(), props));
        }
        return out;
    }

    /** Whether {@code f} holds key columns to delete by rather than rows. */
    static boolean deletes(WriteFragment f) {
        return EQUALITY_DELETES.equals(f.properties().get(CONTENT));
    }

    @Override
    public void abort() throws Exception {
        try {
            data.abort();
        } finally {
            keys.abort();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            data.close();
        } finally {
            keys.close();
        }
    }
}
