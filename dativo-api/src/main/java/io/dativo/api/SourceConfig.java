package io.dativo.api;

import java.util.List;
import java.util.Map;

/**
 * The source side of a job, after the connector recipe's defaults are merged in and variables substituted. Build
 * one with {@link #builder(String)}; change a copy with {@link #toBuilder()} or a {@code with...} method.
 *
 * @param type          the connector type, such as {@code csv} or {@code postgres}
 * @param customReader  a reader class, {@code com.acme.MyReader} or {@code path/to/plugin.jar:com.acme.MyReader}
 * @param connection    connection settings
 * @param credentials   credentials; masked in {@link #toString()}
 * @param objects       object names to read
 * @param tables        tables to read
 * @param query         a query to read, or {@code null}
 * @param files         files or globs to read
 * @param incremental   incremental settings, or {@code null} when every run reads everything
 * @param engineOptions reader options such as {@code batch_size}, {@code encoding}, {@code delimiter}
 * @param baseDir       the directory relative paths resolve against; {@code null} means the working directory
 * @since 0.1
 */
public record SourceConfig(
        String type,
        String customReader,
        Map<String, Object> connection,
        Map<String, Object> credentials,
        List<String> objects,
        List<TableSpec> tables,
        String query,
        List<FileSpec> files,
        IncrementalSpec incremental,
        Map<String, Object> engineOptions,
        String baseDir) {

    /** Copies the collections so the value cannot change. */
    public SourceConfig {
        connection = Maps.copy(connection);
        credentials = Maps.copy(credentials);
        objects = objects == null ? List.of() : List.copyOf(objects);
        tables = tables == null ? List.of() : List.copyOf(tables);
        files = files == null ? List.of() : List.copyOf(files);
        engineOptions = Maps.copy(engineOptions);
        baseDir = baseDir == null ? "" : baseDir;
    }

    /** A source of {@code type} reading {@code files}, with no other settings. */
    public static SourceConfig ofFiles(String type, List<FileSpec> files, Map<String, Object> engineOptions) {
        return builder(type).files(files).engineOptions(engineOptions).baseDir(System.getProperty("user.dir"))
                .build();
    }

    /**
     * A builder of a source of connector {@code type} with no settings yet.
     *
     * @since 0.2
     */
    public static Builder builder(String type) {
        return new Builder().type(type);
    }

    /**
     * A builder holding this source's values.
     *
     * @since 0.2
     */
    public Builder toBuilder() {
        return new Builder().type(type).customReader(customReader).connection(connection).credentials(credentials)
                .objects(objects).tables(tables).query(query).files(files).incremental(incremental)
                .engineOptions(engineOptions).baseDir(baseDir);
    }

    /**
     * This source with {@code options} as its engine options.
     *
     * @since 0.2
     */
    public SourceConfig withEngineOptions(Map<String, Object> options) {
        return toBuilder().engineOptions(options).build();
    }

    /**
     * This source with {@code spec} as its incremental settings ({@code null}: none).
     *
     * @since 0.2
     */
    public SourceConfig withIncremental(IncrementalSpec spec) {
        return toBuilder().incremental(spec).build();
    }

    /**
     * This source with relative paths resolved against {@code dir}.
     *
     * @since 0.2
     */
    public SourceConfig withBaseDir(String dir) {
        return toBuilder().baseDir(dir).build();
    }

    /** The engine option {@code key} as a string, or {@code fallback}. */
    public String option(String key, String fallback) {
        Object v = engineOptions.get(key);
        return v == null ? fallback : v.toString();
    }

    @Override
    public String toString() {
        return "SourceConfig[type=" + type + ", customReader=" + customReader
                + ", connection=" + Secrets.mask(connection) + ", credentials=" + Secrets.maskAll(credentials)
                + ", objects=" + objects + ", tables=" + tables + ", query=" + (query == null ? null : "<query>")
                + ", files=" + files + ", incremental=" + incremental + ", engineOptions="
                + Secrets.mask(engineOptions) + "]";
    }

    /**
     * Collects a source's values; collections left unset are empty.
     *
     * @since 0.2
     */
    public static final class Builder {
        private String type;
        private String customReader;
        private Map<String, Object> connection = Map.of();
        private Map<String, Object> credentials = Map.of();
        private List<String> objects = List.of();
        private List<TableSpec> tables = List.of();
        private String query;
        private List<FileSpec> files = List.of();
        private IncrementalSpec incremental;
        private Map<String, Object> engineOptions = Map.of();
        private String baseDir;

        private Builder() {
        }

        /** The connector type. */
        public Builder type(String value) {
            this.type = value;
            return this;
        }

        /** A reader class, optionally in a jar: {@code path/to/plugin.jar:com.acme.MyReader}. */
        public Builder customReader(String value) {
            this.customReader = value;
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

        /** Object names to read. */
        public Builder objects(List<String> value) {
            this.objects = value;
            return this;
        }

        /** Tables to read. */
        public Builder tables(List<TableSpec> value) {
            this.tables = value;
            return this;
        }

        /** A query to read. */
        public Builder query(String value) {
            this.query = value;
            return this;
        }

        /** Files or globs to read. */
        public Builder files(List<FileSpec> value) {
            this.files = value;
            return this;
        }

        /** Incremental settings, or {@code null} to read everything each run. */
        public Builder incremental(IncrementalSpec value) {
            this.incremental = value;
            return this;
        }

        /** Reader options. */
        public Builder engineOptions(Map<String, Object> value) {
            this.engineOptions = value;
            return this;
        }

        /** The directory relative paths resolve against. */
        public Builder baseDir(String value) {
            this.baseDir = value;
            return this;
        }

        /** The source. */
        public SourceConfig build() {
            return new SourceConfig(type, customReader, connection, credentials, objects, tables, query, files,
                    incremental, engineOptions, baseDir);
        }
    }
}
