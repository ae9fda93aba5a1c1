package io.dativo.api;

import java.util.List;
import java.util.Map;

/**
 * The source side of a job, after the connector recipe's defaults are merged in and variables substituted.
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
        return new SourceConfig(type, null, Map.of(), Map.of(), List.of(), List.of(), null, files, null,
                engineOptions, System.getProperty("user.dir"));
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
}
