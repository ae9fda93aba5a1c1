package io.dativo.plugins.s3;

import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.FileSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitPlan;
import io.dativo.core.connector.file.CsvReader;
import io.dativo.core.connector.file.FilePart;
import io.dativo.core.connector.file.FileSplits;
import io.dativo.core.connector.file.JsonLinesReader;
import io.dativo.core.connector.file.ParquetReader;
import io.dativo.core.storage.FileIOs;
import io.dativo.core.storage.SourceFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code s3} and {@code minio} sources: core's file reader of the source's format ({@link CsvReader},
 * {@link JsonLinesReader} or {@link ParquetReader}) over the objects the source names, relative to
 * {@code s3://{bucket}/{prefix}} ({@link S3Connection}). The format is {@code file_format} (an engine option or a
 * connection key), else the extension of the first path ({@code .csv}, {@code .jsonl}/{@code .ndjson},
 * {@code .parquet}, each optionally with {@code .gz} or {@code .zst}); CSV when nothing says.
 *
 * <p>Objects are read at once: the file reader's plan (which cuts a large object into row-group or line ranges, and
 * packs small files up to the target split size) is packed again so that each split holds about the run's bytes
 * divided by its parallelism, so that as many objects as the run reads splits at once are fetched together, and
 * small objects share a split (and an output file) only when there are more of them than that.
 *
 * <p>With {@code file_modified_time}, the position and the choice of objects are core's file readers' (a watermark:
 * the newest last-modified time read and the locations at it), found from the one listing the plan is made of.
 */
final class S3SourceReader implements BaseReader {

    private BaseReader files;
    private SourceConfig mapped;
    private FileIOs storage;

    @Override
    public Set<String> connectorTypes() {
        return S3SourceFactory.TYPES;
    }

    @Override
    public void open(SourceConfig source) throws Exception {
        mapped = S3Connection.source(source);
        files = switch (format(mapped)) {
            case "jsonl", "ndjson", "json" -> new JsonLinesReader();
            case "parquet" -> new ParquetReader();
            case "csv" -> new CsvReader();
            default -> throw S3Settings.config("source.engine.options.file_format: csv, jsonl or parquet, not '"
                    + format(mapped) + "'");
        };
        files.open(mapped);
    }

    static String format(SourceConfig source) {
        Object explicit = source.engineOptions().get("file_format");
        if (explicit == null) {
            explicit = source.connection().get("file_format");
        }
        if (explicit != null && !explicit.toString().isBlank()) {
            return explicit.toString().trim().toLowerCase(Locale.ROOT);
        }
        for (FileSpec f : source.files()) {
            String name = f.path().toLowerCase(Locale.ROOT).replaceAll("\\.(gz|zst)$", "");
            for (String ext : new String[]{"parquet", "jsonl", "ndjson", "csv"}) {
                if (name.endsWith("." + ext)) {
                    return ext;
                }
            }
        }
        return "csv";
    }

    @Override
    public SplitPlan planSplits(ReadContext context) throws Exception {
        SplitPlan plan = files.planSplits(context);
        boolean listed = plan.splits().stream().noneMatch(ReadSplit::isWhole);
        return new SplitPlan(listed ? spread(plan.splits(), context) : plan.splits(), plan.state());
    }

    /** The parts of {@code splits} packed into splits of about the run's bytes divided by its parallelism. */
    private static List<ReadSplit> spread(List<ReadSplit> splits, ReadContext context) {
        List<FilePart> parts = new ArrayList<>();
        long total = 0;
        for (ReadSplit split : splits) {
            for (FilePart part : FileSplits.parts(split)) {
                parts.add(part);
                total += Math.max(1, part.length());
            }
        }
        int parallelism = Math.max(1, context.parallelism());
        return FileSplits.pack(parts, Math.max(1, Math.min(context.targetSplitBytes(),
                (total + parallelism - 1) / parallelism)));
    }

    @Override
    public Map<String, Object> mergeState(String object, Map<String, Object> left, Map<String, Object> right) {
        return files.mergeState(object, left, right);
    }

    @Override
    public void extract(ReadContext context, BatchSink sink) throws Exception {
        files.extract(context, sink);
    }

    /**
     * Lists what the source names and reads the first byte of the first object: that the credentials can list the
     * bucket and read from it at the configured endpoint, without a request per object of a large prefix.
     */
    @Override
    public ConnectionCheck checkConnection() {
        String where;
        List<SourceFiles.Entry> listed;
        try {
            where = S3Settings.from(S3Connection.properties(mapped.connection(), mapped.credentials())).where();
            listed = SourceFiles.expand(mapped, storage());
        } catch (RuntimeException e) {
            return ConnectionCheck.failed("NOT_FOUND", e.getMessage());
        }
        if (listed.isEmpty()) {
            return ConnectionCheck.ok("can list at " + where + "; no object matches yet");
        }
        String first = listed.get(0).location();
        try (InputStream in = storage().forLocation(first).newInputFile(first).newStream()) {
            in.read();
        } catch (IOException | RuntimeException e) {
            return ConnectionCheck.failed("NOT_READABLE", e.getMessage());
        }
        return ConnectionCheck.ok("can list and read at " + where + ": " + listed.size() + " object(s), " + first
                + " read");
    }

    private FileIOs storage() {
        if (storage == null) {
            storage = FileIOs.forSource(mapped);
        }
        return storage;
    }

    @Override
    public void close() throws Exception {
        if (files != null) {
            files.close();
        }
        if (storage != null) {
            storage.close();
        }
    }
}
