package io.dativo.plugins.iceberg;

import io.dativo.api.BaseWriter;
import io.dativo.api.Committer;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DativoException;
import io.dativo.api.SplitWriter;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import io.dativo.api.WriteMode;
import io.dativo.core.connector.file.FileTargetWriter;
import io.dativo.core.connector.file.RetargetedContext;
import io.dativo.core.storage.FileIOs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
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
    private FileIOs storage;
    private Catalogs.Opened catalog;
    private Table table;
    private String dataBase;
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
        mode = t.writeMode();
        Map<String, Object> options = t.engineOptions();
        retries = Tables.number(options, "commit_retries", DEFAULT_COMMIT_RETRIES);
        TableIdentifier id = Tables.identifier(context.asset(), options);
        if (Catalogs.type(t).equals("none")) {
            String base = Catalogs.warehouse(t) + "/" + String.join("/", id.namespace().levels()) + "/" + id.name();
            files = new FileTargetWriter();
            files.open(mapped(context, t, Catalogs.warehouse(t), base, Map.of(), t.partitioning(), mode));
            return;
        }
        storage = FileIOs.of(properties(t));
        catalog = Catalogs.open(t, storage);
        table = Tables.loadOrCreate(catalog.catalog(), id, context.asset(), t);
        dataBase = table.properties().getOrDefault(TableProperties.WRITE_DATA_LOCATION, table.location() + "/data")
                .replaceAll("/+$", "");
        List<String> partitioning = new ArrayList<>();
        Map<String, UnaryOperator<String>> transforms = new LinkedHashMap<>();
        for (PartitionField pf : table.spec().fields()) {
            String column = table.schema().findColumnName(pf.sourceId());
            partitioning.add(column);
            if (!pf.transform().isIdentity()) {
                transforms.put(column, DataFileFactory.transformText(pf, table.schema().findType(pf.sourceId())));
            }
        }
        Map<String, Object> fileOptions = new LinkedHashMap<>();
        fileOptions.put("field_ids", TableSchemas.fieldIds(table.schema(), context.asset()));
        files = new FileTargetWriter(transforms);
        files.open(mapped(context, t, dataBase, dataBase, fileOptions, partitioning, WriteMode.APPEND));
    }

    private static WriteContext mapped(WriteContext context, TargetConfig t, String root, String outputBase,
                                       Map<String, Object> options, List<String> partitioning, WriteMode mode) {
        Map<String, Object> connection = new LinkedHashMap<>(t.connection());
        connection.put("path", root);
        TargetConfig mapped = t.toBuilder().connection(connection).fileFormat("parquet").partitioning(partitioning)
                .engineOptions(options).writeMode(mode).build();
        return new RetargetedContext(context, mapped, outputBase);
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
        return files().newSplitWriter(splitId, attempt);
    }

    @Override
    public Committer committer() {
        if (table == null) {
            return files().committer();
        }
        return new IcebergCommitter(table, storage.forLocation(dataBase), dataBase, mode, retries, beforeCommit);
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
            if (catalog != null) {
                catalog.closer().close();
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            files = null;
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
