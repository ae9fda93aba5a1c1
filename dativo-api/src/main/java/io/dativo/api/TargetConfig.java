package io.dativo.api;

import java.util.List;
import java.util.Map;

/**
 * The target side of a job, after the connector recipe's defaults are merged in and variables substituted. Build one
 * with {@link #builder(String)}; change a copy with {@link #toBuilder()} or a {@code with...} method.
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
 * @param writeMode        how the run's records join the target's; {@code null} means {@link WriteMode#APPEND}
 * @param mergeKeys        the columns that identify a record for {@link WriteMode#MERGE}; by default the contract's
 *                         primary key
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
        WriteMode writeMode,
        List<String> mergeKeys,
        Map<String, Object> engineOptions,
        String baseDir) {

    /** Copies the collections so the value cannot change. */
    public TargetConfig {
        connection = Maps.copy(connection);
        credentials = Maps.copy(credentials);
        catalog = Maps.copy(catalog);
        partitioning = partitioning == null ? List.of() : List.copyOf(partitioning);
        writeMode = writeMode == null ? WriteMode.APPEND : writeMode;
        mergeKeys = mergeKeys == null ? List.of() : List.copyOf(mergeKeys);
        engineOptions = Maps.copy(engineOptions);
        baseDir = baseDir == null ? "" : baseDir;
    }

    /**
     * A target with the write mode named {@code writeMode} and no merge keys.
     *
     * @throws IllegalArgumentException if {@code writeMode} names no {@link WriteMode}
     */
    public TargetConfig(String type, String customWriter, Map<String, Object> connection,
                        Map<String, Object> credentials, Map<String, Object> catalog, String fileFormat,
                        String compression, List<String> partitioning, long targetFileSizeMb, String writeMode,
                        Map<String, Object> engineOptions, String baseDir) {
        this(type, customWriter, connection, credentials, catalog, fileFormat, compression, partitioning,
                targetFileSizeMb, writeMode == null ? null : WriteMode.parse(writeMode).orElseThrow(
                        () -> new IllegalArgumentException("unknown write mode '" + writeMode + "'")),
                List.of(), engineOptions, baseDir);
    }

    /** A local-directory target writing {@code fileFormat} files under {@code root}. */
    public static TargetConfig local(String root, String fileFormat, List<String> partitioning) {
        return builder("local").connection(Map.of("path", root)).fileFormat(fileFormat).partitioning(partitioning)
                .baseDir(System.getProperty("user.dir")).build();
    }

    /**
     * A builder of a target of connector {@code type}: parquet with snappy, 128 MiB files, appending.
     *
     * @since 0.2
     */
    public static Builder builder(String type) {
        return new Builder().type(type);
    }

    /**
     * A builder holding this target's values.
     *
     * @since 0.2
     */
    public Builder toBuilder() {
        return new Builder().type(type).customWriter(customWriter).connection(connection).credentials(credentials)
                .catalog(catalog).fileFormat(fileFormat).compression(compression).partitioning(partitioning)
                .targetFileSizeMb(targetFileSizeMb).writeMode(writeMode).mergeKeys(mergeKeys)
                .engineOptions(engineOptions).baseDir(baseDir);
    }

    /**
     * This target with {@code mode} as its write mode.
     *
     * @since 0.2
     */
    public TargetConfig withWriteMode(WriteMode mode) {
        return toBuilder().writeMode(mode).build();
    }

    /**
     * This target with {@code keys} as its merge keys.
     *
     * @since 0.2
     */
    public TargetConfig withMergeKeys(List<String> keys) {
        return toBuilder().mergeKeys(keys).build();
    }

    /**
     * This target with relative paths resolved against {@code dir}.
     *
     * @since 0.2
     */
    public TargetConfig withBaseDir(String dir) {
        return toBuilder().baseDir(dir).build();
    }

    @Override
    public String toString() {
        return "TargetConfig[type=" + type + ", customWriter=" + customWriter
                + ", connection=" + Secrets.mask(connection) + ", credentials=" + Secrets.maskAll(credentials)
                + ", catalog=" + Secrets.mask(catalog) + ", fileFormat=" + fileFormat + ", compression=" + compression
                + ", partitioning=" + partitioning + ", targetFileSizeMb=" + targetFileSizeMb
                + ", writeMode=" + writeMode + ", mergeKeys=" + mergeKeys
                + ", engineOptions=" + Secrets.mask(engineOptions) + "]";
    }

    /**
     * Collects a target's values; unset values take the defaults of {@link TargetConfig#builder(String)}.
     *
     * @since 0.2
     */
    public static final class Builder {
        private String type;
        private String customWriter;
        private Map<String, Object> connection = Map.of();
        private Map<String, Object> credentials = Map.of();
        private Map<String, Object> catalog = Map.of();
        private String fileFormat = "parquet";
        private String compression = "snappy";
        private List<String> partitioning = List.of();
        private long targetFileSizeMb = 128;
        private WriteMode writeMode = WriteMode.APPEND;
        private List<String> mergeKeys = List.of();
        private Map<String, Object> engineOptions = Map.of();
        private String baseDir;

        private Builder() {
        }

        /** The connector type. */
        public Builder type(String value) {
            this.type = value;
            return this;
        }

        /** A writer class, optionally in a jar: {@code path/to/plugin.jar:com.acme.MyWriter}. */
        public Builder customWriter(String value) {
            this.customWriter = value;
            return this;
        }

        /** Connection settings. */
        public Builder connection(Map<String, Object> value) {
            this.connection = value;
            return this;
        }

        /** Credentials. */
        public Builder credentials(Map<String, Object> value) {
            this.credentials = value;
            return this;
        }

        /** Catalog settings. */
        public Builder catalog(Map<String, Object> value) {
            this.catalog = value;
            return this;
        }

        /** {@code parquet}, {@code csv} or {@code jsonl}. */
        public Builder fileFormat(String value) {
            this.fileFormat = value;
            return this;
        }

        /** {@code snappy}, {@code zstd}, {@code gzip} or {@code none}. */
        public Builder compression(String value) {
            this.compression = value;
            return this;
        }

        /** Partition columns. */
        public Builder partitioning(List<String> value) {
            this.partitioning = value;
            return this;
        }

        /** The size files are cut at, in MiB. */
        public Builder targetFileSizeMb(long value) {
            this.targetFileSizeMb = value;
            return this;
        }

        /** How the run's records join the target's. */
        public Builder writeMode(WriteMode value) {
            this.writeMode = value;
            return this;
        }

        /** The columns that identify a record for {@link WriteMode#MERGE}. */
        public Builder mergeKeys(List<String> value) {
            this.mergeKeys = value;
            return this;
        }

        /** Writer options. */
        public Builder engineOptions(Map<String, Object> value) {
            this.engineOptions = value;
            return this;
        }

        /** The directory relative paths resolve against. */
        public Builder baseDir(String value) {
            this.baseDir = value;
            return this;
        }

        /** The target. */
        public TargetConfig build() {
            return new TargetConfig(type, customWriter, connection, credentials, catalog, fileFormat, compression,
                    partitioning, targetFileSizeMb, writeMode, mergeKeys, engineOptions, baseDir);
        }
    }
}
