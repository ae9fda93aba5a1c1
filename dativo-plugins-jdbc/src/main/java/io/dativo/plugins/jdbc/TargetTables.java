package io.dativo.plugins.jdbc;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import io.dativo.api.WriteMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The tables of one target: the target table, the run's staging tables and Dativo's own two tables beside them,
 * {@code dativo_commits} (which run committed which state into which table) and {@code dativo_staging} (which
 * staging table belongs to which run, so that a dead run's can be dropped).
 *
 * @param dialect   the database's dialect
 * @param schema    the schema (database) of every table, or {@code null} for the connection's default
 * @param table     the target table's name
 * @param asset     the contract its columns come from
 * @param mergeKeys the merge keys, the target's primary key when Dativo creates it for merge
 */
record TargetTables(Dialect dialect, String schema, String table, AssetDefinition asset, List<String> mergeKeys) {

    static final String COMMITS = "dativo_commits";
    static final String STAGING = "dativo_staging";

    /** The quoted target table. */
    String target() {
        return dialect.qualified(schema, table);
    }

    /** The quoted table {@code name} in the target's schema. */
    String own(String name) {
        return dialect.qualified(schema, name);
    }

    /** The target's name as Dativo's tables record it. */
    String targetKey() {
        return schema == null ? table : schema + "." + table;
    }

    /** A staging table name, unique per run, split and attempt, short enough for every database. */
    static String stagingName(String runId, String splitId, int attempt) {
        return "dativo_stg_" + hash(runId + "\u0000" + splitId + "\u0000" + attempt, 10);
    }

    /** The named lock key of a run, held by its committer for as long as the run is alive. */
    static String runLock(String runId) {
        return "dativo_run_" + hash(runId, 8);
    }

    static String hash(String text, int bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The quoted column list of the contract. */
    String columnList() {
        return asset.schema().stream().map(f -> dialect.quote(f.name())).collect(Collectors.joining(", "));
    }

    List<String> columnNames() {
        return asset.schema().stream().map(FieldSpec::name).toList();
    }

    /** Creates the target from the contract when it is absent, with the merge keys as primary key for merge. */
    void createTarget(Connection c, WriteMode mode) throws SQLException {
        List<String> key = mode == WriteMode.MERGE ? mergeKeys : List.of();
        String cols = asset.schema().stream().map(f -> dialect.quote(f.name()) + " "
                + dialect.columnType(f, key.contains(f.name())) + (key.contains(f.name()) ? " NOT NULL" : ""))
                .collect(Collectors.joining(", "));
        String pk = key.isEmpty() ? "" : ", PRIMARY KEY (" + key.stream().map(dialect::quote)
                .collect(Collectors.joining(", ")) + ")";
        execute(c, "CREATE TABLE IF NOT EXISTS " + target() + " (" + cols + pk + ")" + dialect.tableOptions());
    }

    /** Creates staging table {@code name} with the contract's columns and no constraints. */
    void createStaging(Connection c, String name) throws SQLException {
        String cols = asset.schema().stream().map(f -> dialect.quote(f.name()) + " " + dialect.columnType(f, false))
                .collect(Collectors.joining(", "));
        execute(c, "CREATE TABLE " + own(name) + " (" + cols + ")" + dialect.tableOptions());
    }

    /** Creates Dativo's own tables when absent. */
    void createOwn(Connection c) throws SQLException {
        String key = dialect.textType(190);
        execute(c, "CREATE TABLE IF NOT EXISTS " + own(COMMITS) + " (target_table " + key + " NOT NULL, tenant_id "
                + key + " NOT NULL, job " + key + " NOT NULL, run_id " + key + " NOT NULL, committed_ms BIGINT NOT "
                + "NULL, state " + dialect.longTextType() + " NOT NULL, PRIMARY KEY (target_table, run_id))");
        execute(c, "CREATE TABLE IF NOT EXISTS " + own(STAGING) + " (staging_table " + dialect.textType(64)
                + " NOT NULL PRIMARY KEY, target_table " + key + " NOT NULL, run_id " + key + " NOT NULL, "
                + "created_ms BIGINT NOT NULL)");
    }

    /** Drops the staging table {@code staging} and its row in the staging register, on {@code c}. */
    void dropStaging(Connection c, String staging) throws SQLException {
        execute(c, "DROP TABLE IF EXISTS " + own(staging));
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + own(STAGING) + " WHERE staging_table = ?")) {
            ps.setString(1, staging);
            ps.executeUpdate();
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
