package io.dativo.core.connector.file;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseWriter;
import io.dativo.api.CommitSummary;
import io.dativo.api.DativoException;
import io.dativo.api.FileMetadata;
import io.dativo.api.RejectedRecord;
import io.dativo.api.RunCommit;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import io.dativo.core.format.FormatWriter;
import io.dativo.core.format.ParquetBatchWriter;
import io.dativo.core.format.TextFormats;
import io.dativo.core.internal.Json;
import io.dativo.core.internal.Preloader;
import io.dativo.core.storage.PathNames;
import io.dativo.core.vector.ValueText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes Parquet, CSV or JSON Lines files under a local directory ({@code target.connection.path}).
 *
 * <p>Files are written to {@code {root}/.dativo-staging/{run id}/} and moved into
 * {@code {output base}/{partition=value/...}/} only at commit, together with a manifest of the run (its files and
 * the state they cover) under {@code {output base}/_dativo/manifests/}. A commit interrupted by a crash is
 * completed when the next run opens the writer. Files are cut when they reach {@code target_file_size_mb}.
 */
public final class LocalFileWriter implements BaseWriter {

    /** The directory under the target root where a run's files are written until commit. */
    public static final String STAGING_DIR = ".dativo-staging";
    static final String MANIFESTS = "_dativo/manifests";
    private static final String PENDING = ".pending.json";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalFileWriter.class);
    private static final int MAX_OPEN_FILES = 64;
    /** Parquet row groups are cut at this size, which bounds the heap a Parquet file holds while open. */
    static final long ROW_GROUP_BYTES = 32L << 20;

    private WriteContext context;
    private AssetDefinition asset;
    private TargetConfig target;
    private Path root;
    private Path outputBase;
    private Path staging;
    private long targetBytes;
    private String ingestDate;
    private int sequence;
    private final Map<String, OpenFile> open = new LinkedHashMap<>();
    private final Map<String, Path> staged = new HashMap<>();

    private final class OpenFile {
        final String partitionPath;
        final Map<String, String> partitionValues;
        final Path stagedPath;
        final Path finalPath;
        final FormatWriter writer;
        long records;

        OpenFile(String partitionPath, Map<String, String> partitionValues) throws IOException {
            this.partitionPath = partitionPath;
            this.partitionValues = partitionValues;
            String name = String.format("part-%05d-%s%s", ++sequence, context.runId(),
                    FormatWriter.extension(target.fileFormat()));
            String rel = partitionPath.isEmpty() ? name : partitionPath + "/" + name;
            this.finalPath = outputBase.resolve(rel);
            this.stagedPath = staging.resolve(root.relativize(finalPath));
            Files.createDirectories(stagedPath.getParent());
            this.writer = switch (target.fileFormat()) {
                case "csv" -> TextFormats.csv(stagedPath, asset);
                case "jsonl" -> TextFormats.jsonl(stagedPath, asset);
                default -> new ParquetBatchWriter(stagedPath, asset, target.compression(),
                        Math.min(targetBytes, ROW_GROUP_BYTES), governanceMetadata());
            };
        }

        FileMetadata close() throws IOException {
            writer.close();
            staged.put(finalPath.toString(), stagedPath);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("format", target.fileFormat());
            Map<String, Object> minMax = new LinkedHashMap<>();
            partitionValues.forEach((k, v) -> minMax.put(k, Map.of("min", v, "max", v)));
            extra.put("partition_min_max", minMax);
            return new FileMetadata(finalPath.toString(), Files.size(stagedPath), records, partitionValues, extra);
        }
    }

    @Override
    public Set<String> connectorTypes() {
        return Set.of("local", "file", "csv", "jsonl");
    }

    @Override
    public io.dativo.api.ConnectionCheck checkConnection(TargetConfig target) {
        Object path = target.connection().get("path");
        if (path == null) {
            return io.dativo.api.ConnectionCheck.failed("CONFIG", "target.connection.path is not set");
        }
        Path dir = Path.of(target.baseDir()).resolve(path.toString())
                .toAbsolutePath().normalize();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            return io.dativo.api.ConnectionCheck.failed("NOT_WRITABLE", "cannot write under " + dir);
        }
        return io.dativo.api.ConnectionCheck.ok("can write under " + dir);
    }

    @Override
    public void open(WriteContext context) throws IOException {
        this.context = context;
        this.asset = context.asset();
        this.target = context.target();
        Object path = target.connection().get("path");
        if (path == null) {
            throw new DativoException("target.connection.path: the local target needs the directory to write to");
        }
        if (!"append".equals(target.writeMode().id())) {
            throw new DativoException("target.write_mode: the local file target appends; '" + target.writeMode()
                    + "' is not supported by it");
        }
        Path base = Path.of(target.baseDir());
        this.root = base.resolve(path.toString()).toAbsolutePath().normalize();
        this.outputBase = Path.of(context.outputBase()).toAbsolutePath().normalize();
        if (!outputBase.startsWith(root)) {
            throw new DativoException("output base " + outputBase + " is outside the target directory " + root);
        }
        this.staging = root.resolve(STAGING_DIR).resolve(context.runId());
        this.targetBytes = Math.max(1, target.targetFileSizeMb()) << 20;
        this.ingestDate = context.runStartedAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
        if ("parquet".equals(target.fileFormat())) {
            ParquetBatchWriter.preload();
        }
        Preloader.initialize("manifests", Json.class);
        Files.createDirectories(staging);
        recover();
    }

    private Map<String, String> governanceMetadata() {
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

    @Override
    public List<FileMetadata> writeBatch(VectorSchemaRoot batch, int fileCounter) throws IOException {
        List<FileMetadata> done = new ArrayList<>();
        int rows = batch.getRowCount();
        if (rows == 0) {
            return done;
        }
        List<String> columns = target.partitioning().stream().filter(c -> !c.equals("ingest_date")).toList();
        if (columns.isEmpty()) {
            writeRows(partitionFor(batch, -1), batch, null, rows, done);
            return done;
        }
        Map<String, int[]> groups = new LinkedHashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        Map<String, Map<String, String>> values = new HashMap<>();
        for (int r = 0; r < rows; r++) {
            Map<String, String> pv = partitionFor(batch, r);
            String key = PathNames.pathOf(pv);
            values.putIfAbsent(key, pv);
            int[] idx = groups.computeIfAbsent(key, k -> new int[rows]);
            int n = sizes.merge(key, 1, Integer::sum);
            idx[n - 1] = r;
        }
        for (Map.Entry<String, int[]> g : groups.entrySet()) {
            writeRows(values.get(g.getKey()), batch, g.getValue(), sizes.get(g.getKey()), done);
        }
        return done;
    }

    private Map<String, String> partitionFor(VectorSchemaRoot batch, int row) {
        Map<String, String> pv = new LinkedHashMap<>();
        for (String col : target.partitioning()) {
            if (col.equals("ingest_date")) {
                pv.put(col, ingestDate);
            } else if (row >= 0) {
                FieldVector v = batch.getVector(col);
                String text = v == null ? null : ValueText.text(v, row);
                pv.put(col, text == null ? "__null__" : text);
            }
        }
        return pv;
    }

    private void writeRows(Map<String, String> pv, VectorSchemaRoot batch, int[] rows, int count,
                           List<FileMetadata> done) throws IOException {
        String key = PathNames.pathOf(pv);
        int offset = 0;
        while (offset < count) {
            OpenFile f = open.get(key);
            if (f == null) {
                if (open.size() >= MAX_OPEN_FILES) {
                    String oldest = open.keySet().iterator().next();
                    done.add(open.remove(oldest).close());
                }
                f = new OpenFile(key, pv);
                open.put(key, f);
            }
            int chunk = Math.min(count - offset, 8192);
            int[] slice = new int[chunk];
            for (int i = 0; i < chunk; i++) {
                slice[i] = rows == null ? offset + i : rows[offset + i];
            }
            f.writer.write(batch, slice, chunk);
            f.records += chunk;
            offset += chunk;
            if (f.writer.bytes() >= targetBytes) {
                done.add(open.remove(key).close());
            }
        }
    }

    @Override
    public List<FileMetadata> finish() throws IOException {
        List<FileMetadata> done = new ArrayList<>();
        for (OpenFile f : open.values()) {
            done.add(f.close());
        }
        open.clear();
        return done;
    }

    @Override
    public boolean supportsRejects() {
        return true;
    }

    @Override
    public List<FileMetadata> writeRejects(List<RejectedRecord> rejects) throws IOException {
        if (rejects.isEmpty()) {
            return List.of();
        }
        Path finalPath = outputBase.resolve("_rejects").resolve("ingest_date=" + ingestDate)
                .resolve(String.format("rejects-%05d-%s.jsonl", ++sequence, context.runId()));
        Path stagedPath = staging.resolve(root.relativize(finalPath));
        Files.createDirectories(stagedPath.getParent());
        try (var out = Files.newBufferedWriter(stagedPath, StandardCharsets.UTF_8)) {
            for (RejectedRecord r : rejects) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("position", r.position());
                line.put("errors", r.errors());
                line.put("record", r.values());
                out.write(Json.MAPPER.writeValueAsString(line));
                out.write('\n');
            }
        }
        staged.put(finalPath.toString(), stagedPath);
        return List.of(new FileMetadata(finalPath.toString(), Files.size(stagedPath), rejects.size(),
                Map.of("ingest_date", ingestDate), Map.of("format", "jsonl", "rejects", true)));
    }

    @Override
    public CommitSummary commitFiles(List<FileMetadata> files) throws IOException {
        return commitFiles(files, new RunCommit(context.tenantId(), null, context.runId(), Instant.now(), Map.of()));
    }

    /**
     * Commits in three steps: a pending manifest naming every file and the state they cover (from then on the
     * commit is decided, and {@link #open} completes it after a crash), the moves into place, then the manifest's
     * rename to its final name.
     */
    @Override
    public CommitSummary commitFiles(List<FileMetadata> files, RunCommit commit) throws IOException {
        Path manifests = outputBase.resolve(MANIFESTS);
        Files.createDirectories(manifests);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("run_id", context.runId());
        manifest.put("tenant_id", context.tenantId());
        manifest.put("job", commit.job());
        manifest.put("asset", asset.name());
        manifest.put("started_at", context.runStartedAt().toString());
        manifest.put("committed_at", commit.committedAt().toString());
        manifest.put("records", files.stream().filter(f -> !Boolean.TRUE.equals(f.extra().get("rejects")))
                .mapToLong(FileMetadata::recordCount).sum());
        List<Map<String, Object>> entries = new ArrayList<>();
        for (FileMetadata f : files) {
            Path from = staged.get(f.path());
            if (from == null) {
                throw new DativoException("no staged file for " + f.path());
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("path", outputBase.relativize(Path.of(f.path())).toString());
            e.put("staged", from.toString());
            e.put("size_bytes", f.sizeBytes());
            e.put("record_count", f.recordCount());
            e.put("partition_values", f.partitionValues());
            entries.add(e);
        }
        manifest.put("files", entries);
        manifest.put("state", commit.states());
        Path pending = manifests.resolve(context.runId() + PENDING);
        Path tmp = staging.resolve("manifest.json");
        Json.PRETTY.writeValue(tmp.toFile(), manifest);
        move(tmp, pending);
        List<Path[]> moved = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(pending, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            for (Map<String, Object> e : entries) {
                Path from = Path.of((String) e.get("staged"));
                Path to = outputBase.resolve((String) e.get("path"));
                Files.createDirectories(to.getParent());
                move(from, to);
                moved.add(new Path[]{from, to});
                commitHook.run();
            }
            move(pending, manifests.resolve(context.runId() + ".json"));
        } catch (IOException | RuntimeException e) {
            try {
                for (Path[] m : moved) {
                    move(m[1], m[0]);
                }
                Files.deleteIfExists(pending);
            } catch (IOException | RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        deleteStaging();
        return CommitSummary.of(files.stream().filter(f -> !Boolean.TRUE.equals(f.extra().get("rejects"))).toList());
    }

    /** Runs after each file is moved at commit; tests use it to fail there. */
    Runnable commitHook = () -> {
    };

    /** Completes commits that a crash interrupted after their pending manifest was written. */
    private void recover() throws IOException {
        Path manifests = outputBase.resolve(MANIFESTS);
        if (!Files.isDirectory(manifests)) {
            return;
        }
        List<Path> pending;
        try (Stream<Path> list = Files.list(manifests)) {
            pending = list.filter(p -> p.getFileName().toString().endsWith(PENDING)).sorted().toList();
        }
        for (Path p : pending) {
            try (FileChannel channel = FileChannel.open(p, StandardOpenOption.WRITE);
                 FileLock lock = channel.tryLock()) {
                if (lock == null) {
                    continue;
                }
                complete(p, manifests);
            } catch (OverlappingFileLockException | NoSuchFileException inProgressOrDone) {
                LOG.debug("commit {} is in progress or done elsewhere", p);
            }
        }
    }

    private void complete(Path p, Path manifests) throws IOException {
        Map<String, Object> m = readManifest(p);
        for (Object o : (List<?>) m.getOrDefault("files", List.of())) {
            Map<?, ?> e = (Map<?, ?>) o;
            Path from = Path.of(String.valueOf(e.get("staged")));
            Path to = outputBase.resolve(String.valueOf(e.get("path")));
            if (Files.exists(from) && !Files.exists(to)) {
                Files.createDirectories(to.getParent());
                move(from, to);
            }
        }
        String name = p.getFileName().toString();
        move(p, manifests.resolve(name.substring(0, name.length() - PENDING.length()) + ".json"));
        LOG.warn("completed the commit of run {} that was interrupted", m.get("run_id"));
    }

    private static Map<String, Object> readManifest(Path p) {
        try {
            return Json.MAPPER.readValue(p.toFile(), new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new DativoException("manifest " + p + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<RunCommit> lastCommit(String tenantId, String job) throws IOException {
        Path manifests = outputBase.resolve(MANIFESTS);
        if (!Files.isDirectory(manifests)) {
            return Optional.empty();
        }
        List<Path> done;
        try (Stream<Path> list = Files.list(manifests)) {
            done = list.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().endsWith(PENDING))
                    .sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : done) {
            Map<String, Object> m = readManifest(p);
            if (tenantId.equals(m.get("tenant_id")) && job.equals(m.get("job"))) {
                Map<String, Map<String, Object>> states = new LinkedHashMap<>();
                ((Map<String, Object>) m.getOrDefault("state", Map.of()))
                        .forEach((k, v) -> states.put(k, (Map<String, Object>) v));
                return Optional.of(new RunCommit(tenantId, job, String.valueOf(m.get("run_id")),
                        Instant.parse(String.valueOf(m.get("committed_at"))), states));
            }
        }
        return Optional.empty();
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    @Override
    public void abort() throws IOException {
        for (OpenFile f : open.values()) {
            try {
                f.writer.close();
            } catch (IOException | RuntimeException ignored) {
                // the staged file is deleted below whatever state it is in
            }
        }
        open.clear();
        if (outputBase != null && Files.exists(outputBase.resolve(MANIFESTS).resolve(context.runId() + PENDING))) {
            LOG.warn("run {} failed during its commit; the next run completes the commit", context.runId());
            return;
        }
        deleteStaging();
    }

    private void deleteStaging() throws IOException {
        if (staging == null || !Files.exists(staging)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(staging)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        Path parent = staging.getParent();
        try (Stream<Path> rest = Files.list(parent)) {
            if (rest.findAny().isEmpty()) {
                Files.deleteIfExists(parent);
            }
        }
    }
}
