package io.dativo.api;

import java.util.List;
import java.util.Map;

/**
 * The target side of a job, after the connector recipe's defaults are merged in and variables substituted.
 *
 * @param type             the connector type, such as {@code local} or {@code s3}
 * @param customWriter     a writer class, {@code com.acme.MyWriter} or {@code path/to/plugin.jar:com.acme.MyWriter}
 * @param connection       connection settings; for {@code local}, {@code path} is the root directory
 * @param credentials      credentials; masked in {@link #toString()}
 * @param catalog          catalog settings, or empty
 * @param fileFormat       {@code parquet}, {@code csv} or {@code jsonl}
 * @param compression      {@code snappy}, {@code zstd}, {@code gzip} or {@code none}
 * @param partitioning     partition columns; {@code ingest_date} is the run's date
 * @param targetFileSizeMb the size files are cut at, in MiB
 * @param writeMode        {@code append}, {@code overwrite} or {@code merge}
 * @param engineOptions    writer options
 * @param baseDir          the directory relative paths resolve against; {@code null} means the working directory
 * @since 0.1
 */
public record TargetConfig(
        String type,
        String customWriter,
        Map<String, Object> connection,
        Map<String, Object> credentials,
        Map<String, Object> catalog,
        String fileFormat,
        String compression,
        List<String> partitioning,
        long targetFileSizeMb,
        String writeMode,
        Map<String, Object> engineOptions,
        String baseDir) {

    /** Copies the collections so the value cannot change. */
    public TargetConfig {
        connection = Maps.copy(connection);
        credentials = Maps.copy(credentials);
        catalog = Maps.copy(catalog);
        partitioning = partitioning == null ? List.of() : List.copyOf(partitioning);
        engineOptions = Maps.copy(engineOptions);
        baseDir = baseDir == null ? "" : baseDir;
    }

    /** A local-directory target writing {@code fileFormat} files under {@code root}. */
    public static TargetConfig local(String root, String fileFormat, List<String> partitioning) {
        return new TargetConfig("local", null, Map.of("path", root), Map.of(), Map.of(), fileFormat, "snappy",
                partitioning, 128, "append", Map.of(), System.getProperty("user.dir"));
    }

    @Override
    public String toString() {
        return "TargetConfig[type=" + type + ", customWriter=" + customWriter
                + ", connection=" + Secrets.mask(connection) + ", credentials=" + Secrets.maskAll(credentials)
                + ", catalog=" + Secrets.mask(catalog) + ", fileFormat=" + fileFormat + ", compression=" + compression
                + ", partitioning=" + partitioning + ", targetFileSizeMb=" + targetFileSizeMb
                + ", writeMode=" + writeMode + ", engineOptions=" + Secrets.mask(engineOptions) + "]";
    }
}
