package io.dativo.plugins.iceberg;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;

/**
 * What the split writers of a run need of its table: where data files go, the schema (for Parquet field ids), the
 * partition spec (to group rows as the table partitions them) and, for {@code merge}, the key columns. The writer
 * that opens the catalog first in a process resolves it; the other writers of the same run in that process (every
 * split of a local run, the tasks an engine runs in one executor) take it from here instead of opening the catalog
 * and loading the table again. A run's layout does not change while it runs: the table is evolved before any split
 * writes, and a table created by the run is only planned until its commit.
 *
 * @param dataBase  the table's data location, without a trailing slash
 * @param schema    the table's schema as the run writes it
 * @param spec      the table's partition spec
 * @param mergeKeys the columns a merge matches rows on; empty unless the run merges
 */
record TableLayout(String dataBase, Schema schema, PartitionSpec spec, List<String> mergeKeys) {

    /** Runs whose layout a process keeps; a run's writers all open within moments of each other. */
    private static final int RUNS_KEPT = 16;
    private static final Map<String, TableLayout> RUNS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TableLayout> eldest) {
            return size() > RUNS_KEPT;
        }
    };

    TableLayout {
        mergeKeys = List.copyOf(mergeKeys);
    }

    /** The layout of {@code table} (created or loaded, and evolved to the contract). */
    static TableLayout of(Table table, List<String> mergeKeys) {
        String data = table.properties().getOrDefault(TableProperties.WRITE_DATA_LOCATION, table.location() + "/data")
                .replaceAll("/+$", "");
        return new TableLayout(data, table.schema(), table.spec(), mergeKeys);
    }

    /** The layout a writer of the same run resolved in this process, or {@code null}. */
    static synchronized TableLayout cached(String run) {
        return RUNS.get(run);
    }

    static synchronized void remember(String run, TableLayout layout) {
        RUNS.put(run, layout);
    }

    /** The columns the table is partitioned by, in spec order. */
    List<String> partitionColumns() {
        List<String> columns = new ArrayList<>();
        for (PartitionField pf : spec.fields()) {
            columns.add(schema.findColumnName(pf.sourceId()));
        }
        return columns;
    }

    /**
     * The text functions of the partition columns, as core's file target groups rows by them: a transform's result,
     * and the value itself for an identity partition (named so that an empty text stays a value, not null).
     */
    Map<String, UnaryOperator<String>> partitionTexts() {
        Map<String, UnaryOperator<String>> texts = new LinkedHashMap<>();
        for (PartitionField pf : spec.fields()) {
            texts.put(schema.findColumnName(pf.sourceId()), pf.transform().isIdentity() ? UnaryOperator.identity()
                    : DataFileFactory.transformText(pf, schema.findType(pf.sourceId())));
        }
        return texts;
    }

    /** The contract's key columns only: the rows of the equality-delete files. */
    AssetDefinition keyAsset(AssetDefinition asset) {
        List<FieldSpec> keys = new ArrayList<>();
        for (String k : mergeKeys) {
            keys.add(asset.field(k));
        }
        return asset.withSchema(keys);
    }

    /** The ids of the key columns: the equality field ids of the delete files. */
    int[] equalityIds() {
        return mergeKeys.stream().mapToInt(k -> schema.findField(k).fieldId()).toArray();
    }
}
