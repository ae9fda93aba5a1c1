package io.dativo.plugins.iceberg;

import io.dativo.api.AssetDefinition;
import io.dativo.api.TargetConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;

/**
 * Finds the target's table and brings it to the contract: its name ({@code engine.options.namespace}, dotted, and
 * {@code engine.options.table}; by default the contract's domain and data product, and the asset's name), its
 * creation from the contract when absent (schema, partition spec, format version 2, the target's Parquet codec; in
 * a transaction the run's commit completes),
 * schema evolution ({@link TableSchemas}), and the asset's governance as table properties.
 */
final class Tables {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Tables.class);

    private Tables() {
    }

    static TableIdentifier identifier(AssetDefinition asset, Map<String, Object> options) {
        Object ns = options.get("namespace");
        List<String> levels = new ArrayList<>();
        if (ns != null) {
            for (String level : ns.toString().split("\\.")) {
                if (!level.isBlank()) {
                    levels.add(level.trim());
                }
            }
        } else {
            for (String level : new String[]{asset.domain(), asset.dataProduct()}) {
                if (level != null && !level.isBlank()) {
                    levels.add(level);
                }
            }
        }
        if (levels.isEmpty()) {
            levels.add("default");
        }
        Object table = options.get("table");
        return TableIdentifier.of(Namespace.of(levels.toArray(String[]::new)),
                table == null ? asset.name() : table.toString());
    }

    /** Lists the top-level namespaces, as a reachability check. */
    static void namespaces(Catalog catalog) {
        if (catalog instanceof SupportsNamespaces n) {
            n.listNamespaces();
        }
    }

    /**
     * The target's table: loaded and evolved to the contract when it exists; otherwise planned from the contract in
     * a create transaction that the run's first commit completes, so a run that fails leaves no table behind.
     */
    static Prepared prepare(Catalog catalog, TableIdentifier id, AssetDefinition asset, TargetConfig target) {
        if (!catalog.tableExists(id)) {
            Transaction create;
            try {
                create = builder(catalog, id, asset, target).createTransaction();
            } catch (NoSuchNamespaceException e) {
                // Catalogs that stage a creation on a server (REST) need the namespace first; a namespace is no table.
                createNamespace(catalog, id.namespace());
                create = builder(catalog, id, asset, target).createTransaction();
            } catch (AlreadyExistsException raced) {
                LOG.debug("table {} was created by another run", id);
                return new Prepared(evolve(catalog, id, asset, target), null);
            }
            return new Prepared(create.table(), create);
        }
        return new Prepared(evolve(catalog, id, asset, target), null);
    }

    /**
     * A table and, when it does not exist yet, the transaction that creates it.
     *
     * @param table  the table, or the planned one the transaction creates
     * @param create the create transaction, or {@code null} for an existing table
     */
    record Prepared(Table table, Transaction create) {
    }

    private static Catalog.TableBuilder builder(Catalog catalog, TableIdentifier id, AssetDefinition asset,
                                                TargetConfig target) {
        boolean ingestDate = target.partitioning().contains(TableSchemas.INGEST_DATE);
        Map<String, Object> options = target.engineOptions();
        Schema schema = TableSchemas.of(asset, ingestDate);
        PartitionSpec spec = PartitionSpecs.of(schema, target.partitioning(),
                options.get("partition_transforms") instanceof Map<?, ?> m ? cast(m) : Map.of());
        Map<String, String> props = new LinkedHashMap<>(governance(asset));
        props.put(TableProperties.FORMAT_VERSION, "2");
        props.put(TableProperties.PARQUET_COMPRESSION, codec(target.compression()));
        return catalog.buildTable(id, schema).withPartitionSpec(spec).withProperties(props);
    }

    /** Creates {@code namespace} unless it exists; a run creating it at the same moment is no failure. */
    static void createNamespace(Catalog catalog, Namespace namespace) {
        if (catalog instanceof SupportsNamespaces n && !n.namespaceExists(namespace)) {
            try {
                n.createNamespace(namespace);
            } catch (RuntimeException raced) {
                // Another run created it at the same moment: JDBC catalogs report that as a failed insert.
                if (!n.namespaceExists(namespace)) {
                    throw raced;
                }
            }
        }
    }

    private static Table evolve(Catalog catalog, TableIdentifier id, AssetDefinition asset, TargetConfig target) {
        Map<String, Object> options = target.engineOptions();
        boolean ingestDate = target.partitioning().contains(TableSchemas.INGEST_DATE);
        Table table = catalog.loadTable(id);
        List<String> changes = TableSchemas.evolve(table, asset, ingestDate,
                Boolean.parseBoolean(String.valueOf(options.getOrDefault("allow_breaking_schema_changes", "false"))));
        if (!changes.isEmpty()) {
            LOG.info("table {} evolved to contract {} version {}: {}", id, asset.name(), asset.version(), changes);
        }
        Map<String, String> wanted = governance(asset);
        UpdateProperties update = table.updateProperties();
        boolean changed = false;
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!Objects.equals(table.properties().get(e.getKey()), e.getValue())) {
                update.set(e.getKey(), e.getValue());
                changed = true;
            }
        }
        if (changed) {
            update.commit();
        }
        table.refresh();
        return table;
    }

    /** The contract's governance as table properties: owner, classification, retention, tags, version. */
    static Map<String, String> governance(AssetDefinition asset) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dativo.asset", asset.name());
        m.put("dativo.asset-version", String.valueOf(asset.version()));
        if (asset.owner() != null) {
            m.put("owner", asset.owner());
            m.put("dativo.owner", asset.owner());
        }
        if (!asset.classification().isEmpty()) {
            m.put("dativo.classification", String.join(",", asset.classification()));
        }
        asset.schema().stream().filter(f -> f.classification() != null && !f.classification().isBlank())
                .forEach(f -> m.put("dativo.classification." + f.name(), f.classification()));
        if (asset.retentionDays() != null) {
            m.put("dativo.retention-days", asset.retentionDays().toString());
        }
        if (!asset.tags().isEmpty()) {
            m.put("dativo.tags", String.join(",", asset.tags()));
        }
        return m;
    }

    private static String codec(String compression) {
        String c = compression == null ? "zstd" : compression.toLowerCase(Locale.ROOT);
        return c.equals("none") ? "uncompressed" : c;
    }

    static int number(Map<String, Object> options, String key, int defaultValue) {
        Object v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.toString().trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw Catalogs.config("target.engine.options." + key + ": a whole number, not '" + v + "'");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
