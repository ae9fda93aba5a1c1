package io.dativo.core.connector.file;

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
import io.dativo.api.io.FileIO;
import io.dativo.core.format.ParquetBatchWriter;
import io.dativo.core.internal.Json;
import io.dativo.core.internal.Preloader;
import io.dativo.core.storage.FileIOs;
import io.dativo.core.storage.LocalFileIO;
import io.dativo.core.storage.OutputLayout;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The file target: Parquet, CSV or JSON Lines files under a directory ({@code target.connection.path}), written in
 * two parts. Split writers ({@link #newSplitWriter}) stage files through {@link FileIO}, invisible until published,
 * and describe them as fragments with column statistics; a {@link ManifestCommitter} ({@link #committer()})
 * publishes every split's fragments together with a manifest of the run and the state it covers. Write modes:
 * {@code append}, and {@code overwrite}, which replaces the asset's visible data files at commit.
 *
 * <p>Engine options: {@code field_ids} (column name to Parquet field id), {@code lease_ttl_seconds} (how long a run's
 * lease outlives its last heartbeat, default {@value #DEFAULT_LEASE_TTL_SECONDS}) and {@code manifests_kept}
 * (committed manifests kept per job, default {@value #DEFAULT_MANIFESTS_KEPT}).
 */
public final class FileTargetWriter implements BaseWriter {

    /** The hidden folder under an asset's output base where runs keep leases, pending manifests and manifests. */
    public static final String STAGING_DIR = FileTarget.STAGING_DIR;
    static final long DEFAULT_LEASE_TTL_SECONDS = 120;
    static final int DEFAULT_MANIFESTS_KEPT = 50;

    private final Map<String, UnaryOperator<String>> partitionText;
    private FileIOs storage;
    private FileTarget target;
    private StagedRuns.Held lease;
    /** Runs once a commit has published its files, before its manifest is written; tests use it to fail there. */
    Runnable commitHook = () -> {
    };

    /** A file target that partitions by the partition columns' values. */
    public FileTargetWriter() {
        this(Map.of());
    }

    /**
     * A file target whose partition columns named in {@code partitionText} are partitioned by the text the function
     * makes of a row's value (called for every value but null, the empty text included), such as a table format's
     * transform of it: rows with equal results share files, and the fragments' partition maps carry the results, an
     * empty result as the empty text.
     */
    public FileTargetWriter(Map<String, UnaryOperator<String>> partitionText) {
        this.partitionText = Map.copyOf(partitionText);
    }

    @Override
    public Set<String> connectorTypes() {
        return FileTargetFactory.TYPES;
    }

    @Override
    public ConnectionCheck checkConnection(TargetConfig target) {
        Object path = target.connection().get("path");
        if (path == null) {
            return ConnectionCheck.failed("CONFIG", "target.connection.path is not set");
        }
        String dir = OutputLayout.root(target.baseDir(), path.toString());
        if (!FileIOs.isLocal(dir)) {
            try (FileIOs remote = FileIOs.of(properties(target))) {
                remote.forLocation(dir).list(dir);
                return ConnectionCheck.ok("can list " + dir);
            } catch (IOException | RuntimeException e) {
                return ConnectionCheck.failed("NOT_REACHABLE", "cannot list " + dir + ": " + e.getMessage());
            }
        }
        if (!LocalFileIO.writableUnder(dir)) {
            return ConnectionCheck.failed("NOT_WRITABLE", "cannot write under " + dir);
        }
        return ConnectionCheck.ok("can write under " + dir);
    }

    @Override
    public void open(WriteContext context) {
        TargetConfig t = context.target();
        Object path = t.connection().get("path");
        if (path == null) {
            throw config("target.connection.path: the local target needs the directory to write to");
        }
        WriteMode writeMode = t.writeMode() == null ? WriteMode.APPEND : t.writeMode();
        String mode = writeMode.id();
        if (!FileTargetFactory.WRITE_MODES.contains(writeMode)) {
            throw config("target.write_mode: the file target appends or overwrites; '" + mode
                    + "' is not supported by it" + (writeMode == WriteMode.MERGE ? " (files have no keys to merge on)"
                    : ""));
        }
        String root = OutputLayout.root(t.baseDir(), path.toString());
        String outputBase = FileIOs.isLocal(root) ? LocalFileIO.absolute("", context.outputBase())
                : context.outputBase();
        boolean inside = FileIOs.isLocal(root) ? LocalFileIO.within(root, outputBase)
                : (outputBase + "/").startsWith(root.replaceAll("/+$", "") + "/");
        if (!inside) {
            throw new DativoException("output base " + outputBase + " is outside the target directory " + root);
        }
        storage = FileIOs.of(properties(t));
        FileIO io = storage.forLocation(outputBase);
        Map<String, Object> options = t.engineOptions();
        this.target = new FileTarget(io, context.asset(), context.tenantId(), context.runId(), outputBase,
                t.fileFormat() == null ? "parquet" : t.fileFormat(), t.compression(),
                Math.max(1, t.targetFileSizeMb()) << 20, t.partitioning(),
                context.runStartedAt().atZone(ZoneOffset.UTC).toLocalDate().toString(), mode,
                governanceMetadata(context), fieldIds(options.get("field_ids")),
                Duration.ofSeconds(number(options, "lease_ttl_seconds", DEFAULT_LEASE_TTL_SECONDS)),
                (int) number(options, "manifests_kept", DEFAULT_MANIFESTS_KEPT), partitionText);
        if ("parquet".equals(target.format())) {
            ParquetBatchWriter.preload();
        }
        Preloader.initialize("manifests", Json.class);
    }

    /** What a storage plugin is configured with: the connection merged with the credentials. */
    private static Map<String, Object> properties(TargetConfig target) {
        Map<String, Object> merged = new LinkedHashMap<>(target.connection());
        merged.putAll(target.credentials());
        return merged;
    }

    private static DativoException config(String message) {
        return new DativoException(ErrorKind.CONFIG, message, null);
    }

    private static long number(Map<String, Object> options, String key, long defaultValue) {
        Object v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v.toString().trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw config("target.engine.options." + key + ": a positive whole number, not '" + v + "'");
        }
    }

    private static Map<String, Integer> fieldIds(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw config("target.engine.options.field_ids: a map of column name to field id");
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            try {
                ids.put(String.valueOf(k), Integer.parseInt(String.valueOf(v).trim()));
            } catch (NumberFormatException e) {
                throw config("target.engine.options.field_ids." + k + ": a whole number, not '" + v
                        + "'");
            }
        });
        return ids;
    }

    private static Map<String, String> governanceMetadata(WriteContext context) {
        AssetDefinition asset = context.asset();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dativo.asset", asset.name());
        m.put("dativo.asset_version", String.valueOf(asset.version()));
        m.put("dativo.tenant", context.tenantId());
        m.put("dativo.run_id", context.runId());
        if (asset.owner() != null) {
            m.put("dativo.owner", asset.owner());
        }
        if (!asset.classification().isEmpty()) {
            m.put("dativo.classification", String.join(",", asset.classification()));
        }
        if (asset.retentionDays() != null) {
            m.put("dativo.retention_days", asset.retentionDays().toString());
        }
        if (!asset.tags().isEmpty()) {
            m.put("dativo.tags", String.join(",", asset.tags()));
        }
        return m;
    }

    FileTarget target() {
        if (target == null) {
            throw new IllegalStateException("the file target is not open");
        }
        return target;
    }

    @Override
    public SplitWriter newSplitWriter(String splitId, int attempt) {
        return new FileSplitWriter(target(), splitId, attempt, this::holdLease);
    }

    /** Holds the run's lease for as long as this instance is open, from the first file one of its splits stages. */
    private synchronized void holdLease() throws IOException {
        if (lease == null) {
            lease = RunLease.hold(target.io(), target.lease(target.runId()), target.runId(), target.leaseTtl());
        }
    }

    @Override
    public Committer committer() {
        return new ManifestCommitter(target(), commitHook);
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
    public synchronized void close() throws IOException {
        if (lease != null) {
            lease.close();
            lease = null;
        }
        if (storage != null) {
            storage.close();
            storage = null;
        }
    }
}
