package io.dativo.plugins.iceberg;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceBatch;
import io.dativo.api.WriteFragment;
import io.dativo.api.io.FileIO;
import io.dativo.core.format.ParquetBatchReader;
import io.dativo.core.vector.ValueText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The rules of {@code write_mode: merge}. The table must be of format version 2 or later (equality deletes); on a
 * partitioned table every partition column must be a merge key, so that a record's new version and the delete of
 * its old one fall in the same partition (an equality delete applies only to its own partition); and a key occurs
 * at most once in a run: an equality delete does not apply to rows of its own snapshot, so two rows of one key in a
 * run would both stay. The committer checks that last rule by reading the run's key files back before it commits.
 */
final class MergeKeys {

    private static final int BATCH_ROWS = 8192;
    private static final int SHOWN_CHARS = 100;

    private MergeKeys() {
    }

    /** Refuses a merge into {@code prepared}'s table that the rules above forbid, naming the table. */
    static void check(Tables.Prepared prepared, List<String> keys, TableIdentifier id) {
        Table table = prepared.table();
        if (keys.isEmpty()) {
            throw Catalogs.config("target.write_mode merge into " + id + " needs target.merge_keys or primaryKey "
                    + "fields in the contract");
        }
        for (String k : keys) {
            if (table.schema().findField(k) == null) {
                throw Catalogs.config("target.merge_keys: '" + k + "' is no column of table " + id);
            }
        }
        if (prepared.create() == null && TableUtil.formatVersion(table) < 2) {
            throw Catalogs.config("target.write_mode merge: table " + id + " is of Iceberg format version 1, "
                    + "which has no delete files; upgrade it (table property format-version=2) or append");
        }
        List<String> outside = new ArrayList<>();
        for (PartitionField pf : table.spec().fields()) {
            String column = table.schema().findColumnName(pf.sourceId());
            if (!keys.contains(column)) {
                outside.add(column);
            }
        }
        if (!outside.isEmpty()) {
            throw Catalogs.config("target.write_mode merge into " + id + ": the table is partitioned by " + outside
                    + ", which " + (outside.size() == 1 ? "is no merge key" : "are no merge keys") + " " + keys
                    + "; a record whose partition changed would keep its old version there. Partition by merge "
                    + "keys only, or append");
        }
    }

    /**
     * Fails when a key occurs twice among the run's key files {@code deletes} (published, readable at their
     * locations), naming the key columns, the key and the splits it came from.
     */
    static void checkUnique(FileIO io, List<WriteFragment> deletes, AssetDefinition keys, String table)
            throws IOException {
        Map<String, String> seen = new HashMap<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (WriteFragment f : deletes) {
                try (ParquetBatchReader reader = new ParquetBatchReader(io.newInputFile(f.location()), f.location(),
                        keys.name(), keys, allocator, BATCH_ROWS)) {
                    for (SourceBatch b = reader.next(); b != null; b = reader.next()) {
                        try (VectorSchemaRoot root = b.root()) {
                            check(root, f.splitId(), seen, keys, table);
                        }
                    }
                }
            }
        }
    }

    private static void check(VectorSchemaRoot root, String split, Map<String, String> seen, AssetDefinition keys,
                              String table) {
        List<FieldVector> vectors = root.getFieldVectors();
        for (int r = 0; r < root.getRowCount(); r++) {
            StringBuilder key = new StringBuilder();
            for (FieldVector v : vectors) {
                String text = ValueText.text(v, r);
                // A separator no value text holds, and a null apart from every text.
                key.append(text == null ? "\u0000" : text).append('\u0001');
            }
            String first = seen.putIfAbsent(key.toString(), split);
            if (first != null) {
                String shown = key.substring(0, key.length() - 1).replace('\u0001', ',').replace("\u0000", "null");
                throw new DativoException(ErrorKind.SOURCE_DATA, "write_mode merge into " + table + ": key "
                        + keys.schema().stream().map(FieldSpec::name).toList() + " = (" + (shown.length() > SHOWN_CHARS
                        ? shown.substring(0, SHOWN_CHARS) + "..." : shown) + ") occurs more than once in this run ("
                        + (first.equals(split) ? "split " + split : "splits " + first + " and " + split) + "); a "
                        + "merge takes each key once per run, so nothing was committed", null);
            }
        }
    }
}
