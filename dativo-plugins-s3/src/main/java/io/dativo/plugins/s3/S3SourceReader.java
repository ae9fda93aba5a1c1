package io.dativo.plugins.s3;

import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.FileSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitPlan;
import io.dativo.core.connector.file.CsvReader;
import io.dativo.core.connector.file.JsonLinesReader;
import io.dativo.core.connector.file.ParquetReader;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code s3} and {@code minio} sources: core's file reader of the source's format ({@link CsvReader},
 * {@link JsonLinesReader} or {@link ParquetReader}) over the objects the source names, relative to
 * {@code s3://{bucket}/{prefix}} ({@link S3Connection}). The format is {@code file_format} (an engine option or a
 * connection key), else the extension of the first path ({@code .csv}, {@code .jsonl}/{@code .ndjson},
 * {@code .parquet}, each optionally with {@code .gz} or {@code .zst}); CSV when nothing says.
 */
final class S3SourceReader implements BaseReader {

    private BaseReader files;

    @Override
    public Set<String> connectorTypes() {
        return S3SourceFactory.TYPES;
    }

    @Override
    public void open(SourceConfig source) throws Exception {
        SourceConfig mapped = S3Connection.source(source);
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
        return files.planSplits(context);
    }

    @Override
    public Map<String, Object> mergeState(String object, Map<String, Object> left, Map<String, Object> right) {
        return files.mergeState(object, left, right);
    }

    @Override
    public void extract(ReadContext context, BatchSink sink) throws Exception {
        files.extract(context, sink);
    }

    @Override
    public ConnectionCheck checkConnection() {
        return files.checkConnection();
    }

    @Override
    public void close() throws Exception {
        if (files != null) {
            files.close();
        }
    }
}
