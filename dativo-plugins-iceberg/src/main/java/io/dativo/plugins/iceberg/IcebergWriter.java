package io.dativo.plugins.iceberg;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseWriter;
import io.dativo.api.Committer;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.SplitWriter;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import io.dativo.api.WriteMode;
import io.dativo.core.connector.file.FileTargetWriter;
import io.dativo.core.connector.file.RetargetedContext;
import io.dativo.core.storage.FileIOs;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The {@code iceberg} target: the contract's records in an Iceberg table. Core's file target
 * ({@link FileTargetWriter}) stages the Parquet data files under the table's data location, with Parquet field ids
 * equal to the table's column ids and rows grouped by the table's partition spec; an {@link IcebergCommitter}
 * commits them in one snapshot with the run and its state. The table ({@link Tables}) is created from the contract
 * when absent and evolved to it when present. With {@code target.catalog.type: none} there is no table: the
 * Parquet files and the file target's own manifests go under the warehouse, as the {@code local} and {@code s3}
 * targets write them.
 */
final class IcebergWriter implements BaseWriter {

    static final int DEFAULT_COMMIT_RETRIES = 10;

    private FileTargetWriter files;
    /** The key columns' files of a merge, written beside the data files. */
    private FileTargetWriter keyFiles;
    private WriteContext context;
    private TableIdentifier id;
    private TableLayout layout;
    private FileIOs storage;
    private Catalogs.Opened catalog;
    private Tables.Prepared prepared;
    private WriteMode mode;
    private int retries;
    /** Runs before the snapshot is committed; tests stop a process there. */
    Runnable beforeCommit = () -> {
    };

    @Override
    public Set<String> connectorTypes() {
        return IcebergTargetFactory.TYPES;
    }

    @Override
    public ConnectionCheck checkConnection(TargetConfig target) {
        if (Catalogs.type(target).equals("none")) {
            return ConnectionCheck.ok("no catalog: Parquet files under " + Catalogs.warehouse(target));
        }
        try (FileIOs io = FileIOs.of(properties(target))) {
            Catalogs.Opened opened = Catalogs.open(target, io);
            try {
                Tables.namespaces(opened.catalog());
                return ConnectionCheck.ok("catalog reachable, warehouse " + opened.warehouse());
            } finally {
                opened.closer().close();
            }
        } catch (Exception e) {
            return ConnectionCheck.failed("NOT_REACHABLE", e.getMessage());
        }
    }

    @Override
    public void open(WriteContext context) throws Exception {
        TargetConfig t = context.target();
        mode = t.writeMode() == null ? WriteMode.APPEND : t.writeMode();
        Map<String, Object> options = t.engineOptions();
        retries = Tables.number(options, "commit_retries", DEFAULT_COMMIT_RETRIES);
        id = Tables.identifier(context.asset(), options);
        if (Catalogs.type(t).equals("none")) {
            if (mode == WriteMode.MERGE) {
                throw config("target.write_mode merge needs a table: target.catalog.type none writes plain Parquet");
            }
            String base = Catalogs.warehouse(t) + "/" + String.join("/", id.namespace().levels()) + "/" + id.name();
            files = new FileTargetWriter();
            files.open(mapped(context, context.asset(), t, Catalogs.warehouse(t), base, Map.of(), t.partitioning(),
                    mode));
            return;
        }
        this.context = context;
        String run = context.runId() + "\n" + Catalogs.warehouse(t) + "\n" + t.catalog().get("uri") + "\n" + id;
        layout = TableLayout.cached(run);
        if (layout == null) {
            openTable();
            TableLayout.remember(run, layout);
        }
        files = new FileTargetWriter(layout.partitionTexts());
        files.open(mapped(context, context.asset(), t, layout.dataBase(), layout.dataBase(),
                Map.of("field_ids", TableSchemas.fieldIds(layout.schema(), context.asset())),
                layout.partitionColumns(), WriteMode.APPEND));
        if (mode == WriteMode.MERGE) {
            AssetDefinition keys = layout.keyAsset(context.asset());
            keyFiles = new FileTargetWriter(layout.partitionTexts());
            keyFiles.open(mapped(context, keys, t, layout.dataBase(), layout.dataBase(),
                    Map.of("field_ids", TableSchemas.fieldIds(layout.schema(), keys)), layout.partitionColumns(),
                    WriteMode.APPEND));
        }
    }

    /** Opens the catalog and prepares the table (loaded and evolved, or planned for creation at the commit). */
    private void openTable() throws Exception {
        TargetConfig t = context.target();
        storage = FileIOs.of(properties(t));
        catalog = Catalogs.open(t, storage);
        prepared = Tables.prepare(catalog.catalog(), id, context.asset(), t);
        List<String> keys = List.of();
        if (mode == WriteMode.MERGE) {
            keys = t.mergeKeys().isEmpty() ? context.asset().primaryKey() : t.mergeKeys();
            MergeKeys.check(prepared, keys, id);
        }
        layout = TableLayout.of(prepared.table(), keys);
    }

    private static WriteContext mapped(WriteContext context, AssetDefinition asset, TargetConfig t, String root,
                                       String outputBase, Map<String, Object> options, List<String> partitioning,
                                       WriteMode mode) {
        Map<String, Object> connection = new LinkedHashMap<>(t.connection());
        connection.put("path", root);
        TargetConfig mapped = t.toBuilder().connection(connection).fileFormat("parquet").partitioning(partitioning)
                .engineOptions(options).writeMode(mode).build();
        return new RetargetedContext(context, asset, mapped, outputBase);
    }

    /** What the storage is configured with: the connection merged with the credentials. */
    static Map<String, Object> properties(TargetConfig target) {
        Map<String, Object> merged = new LinkedHashMap<>(target.connection());
        merged.putAll(target.credentials());
        return merged;
    }

    private FileTargetWriter files() {
        if (files == null) {
            throw new IllegalStateException("the iceberg target is not open");
        }
        return files;
    }

    @Override
    public SplitWriter newSplitWriter(String splitId, int attempt) {
        SplitWriter data = files().newSplitWriter(splitId, attempt);
        return keyFiles == null ? data : new MergeSplitWriter(data, keyFiles, splitId, attempt, layout.mergeKeys());
    }

    @Override
    public Committer committer() {
        if (layout == null) {
            return files().committer();
        }
        if (catalog == null) {
            try {
                openTable();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new DativoException(ErrorKind.TARGET, "cannot open the catalog of " + id, e);
            }
        }
        return new IcebergCommitter(new IcebergCommitter.Target(catalog.catalog(), id, prepared,
                storage.forLocation(layout.dataBase()), layout, mode == WriteMode.MERGE
                ? layout.keyAsset(context.asset()) : null, mode, retries), beforeCommit);
    }

    @Override
    public boolean stagesIndependently() {
        return true;
    }

    @Override
    public boolean supportsRejects() {
        return true;
    }

    @Override
    public void close() throws IOException {
        try {
            if (files != null) {
                files.close();
            }
            if (keyFiles != null) {
                keyFiles.close();
            }
            if (catalog != null) {
                catalog.closer().close();
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            files = null;
            keyFiles = null;
            catalog = null;
            if (storage != null) {
                storage.close();
                storage = null;
            }
        }
    }


    static DativoException config(String message) {
        return Catalogs.config(message);
    }
}
