package io.dativo.plugins.jdbc;

import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What differs between databases: identifier quoting, URLs, column types of created tables, the upsert statement
 * and how a result set streams.
 */
enum Dialect {
    /** PostgreSQL through pgjdbc. */
    POSTGRES("postgresql", 5432, "PG"),
    /** MySQL and MariaDB through MariaDB Connector/J. */
    MYSQL("mariadb", 3306, "MYSQL"),
    /** Any database whose driver is on the class path, by {@code url}. */
    GENERIC(null, 0, null);

    private final String scheme;
    private final int defaultPort;
    private final String envPrefix;

    Dialect(String scheme, int defaultPort, String envPrefix) {
        this.scheme = scheme;
        this.defaultPort = defaultPort;
        this.envPrefix = envPrefix;
    }

    /** The dialect of connector {@code type} ({@code postgres}, {@code mysql}, {@code mariadb}, {@code jdbc}). */
    static Dialect of(String type, String url) {
        String t = type == null ? "jdbc" : type.toLowerCase(Locale.ROOT);
        if (t.equals("jdbc") && url != null) {
            String u = url.toLowerCase(Locale.ROOT);
            if (u.startsWith("jdbc:postgresql:")) {
                return POSTGRES;
            }
            if (u.startsWith("jdbc:mysql:") || u.startsWith("jdbc:mariadb:")) {
                return MYSQL;
            }
        }
        return switch (t) {
            case "postgres", "postgresql" -> POSTGRES;
            case "mysql", "mariadb" -> MYSQL;
            default -> GENERIC;
        };
    }

    /** The URL scheme after {@code jdbc:}, or {@code null} when a URL must be given. */
    String scheme() {
        return scheme;
    }

    int defaultPort() {
        return defaultPort;
    }

    /**
     * The environment variable holding {@code what} ({@code HOST}, {@code PORT}, {@code DATABASE}, {@code USER} or
     * {@code PASSWORD}) as the database's own tools name it ({@code PGHOST}, {@code MYSQL_DB}), or {@code null}
     * when the dialect has none.
     */
    String envVar(String what) {
        if (envPrefix == null) {
            return null;
        }
        return this == POSTGRES ? envPrefix + what : envPrefix + "_" + (what.equals("DATABASE") ? "DB" : what);
    }

    /** {@code name} quoted as one identifier. */
    String quote(String name) {
        if (this == MYSQL) {
            return "`" + name.replace("`", "``") + "`";
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A possibly schema-qualified name ({@code schema.table}) quoted part by part. */
    String qualified(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? quote(name) : quote(name.substring(0, dot)) + "." + quote(name.substring(dot + 1));
    }

    /** {@code table} in {@code schema} (which may be {@code null}), quoted. */
    String qualified(String schema, String table) {
        return schema == null || schema.isBlank() ? quote(table) : quote(schema) + "." + quote(table);
    }

    /** The column type a created table gives {@code field}; {@code key} when it is part of the primary key. */
    String columnType(FieldSpec field, boolean key) {
        DataType t = field.type();
        if (this == MYSQL) {
            return switch (t) {
                case STRING -> key ? "VARCHAR(255)" : "LONGTEXT";
                case JSON -> "LONGTEXT";
                case LONG -> "BIGINT";
                case FLOAT -> "FLOAT";
                case DOUBLE -> "DOUBLE";
                case DECIMAL -> "DECIMAL(" + Math.min(field.precision(), 65) + "," + Math.min(field.scale(), 30) + ")";
                case BOOLEAN -> "BOOLEAN";
                case DATE -> "DATE";
                case TIMESTAMP -> "DATETIME(6)";
                case TIME -> "TIME(6)";
                case BINARY -> key ? "VARBINARY(255)" : "LONGBLOB";
            };
        }
        return switch (t) {
            case STRING -> this == POSTGRES ? "TEXT" : "VARCHAR(4000)";
            case JSON -> this == POSTGRES ? "JSONB" : "VARCHAR(4000)";
            case LONG -> "BIGINT";
            case FLOAT -> "REAL";
            case DOUBLE -> "DOUBLE PRECISION";
            case DECIMAL -> "NUMERIC(" + field.precision() + "," + field.scale() + ")";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> this == POSTGRES ? "TIMESTAMPTZ" : "TIMESTAMP";
            case TIME -> "TIME";
            case BINARY -> this == POSTGRES ? "BYTEA" : "VARBINARY(4000)";
        };
    }

    /**
     * What follows the column list of a table Dativo creates: on MySQL/MariaDB the full UTF-8 character set, which
     * a server's default ({@code latin1} on many) is not, so that any text fits.
     */
    String tableOptions() {
        return this == MYSQL ? " DEFAULT CHARSET=utf8mb4" : "";
    }

    /** A short text column type for Dativo's own tables. */
    String textType(int length) {
        return this == POSTGRES ? "TEXT" : "VARCHAR(" + length + ")";
    }

    /** A long text column type for Dativo's own tables. */
    String longTextType() {
        return this == POSTGRES ? "TEXT" : this == MYSQL ? "LONGTEXT" : "VARCHAR(32000)";
    }

    /** Whether DDL is part of the transaction (PostgreSQL) or commits implicitly (MySQL). */
    boolean transactionalDdl() {
        return this == POSTGRES;
    }

    /** The fetch size that makes the driver stream rows instead of loading the result. */
    int streamingFetchSize(int batchSize) {
        return Math.max(batchSize, 1000);
    }

    /**
     * Rows of {@code staging} moved into {@code target} replacing those with the same {@code keys}, or {@code null}
     * when the dialect has no upsert (then rows are deleted by key first).
     */
    String upsert(String target, String staging, List<String> columns, List<String> keys) {
        String cols = columns.stream().map(this::quote).collect(Collectors.joining(", "));
        List<String> rest = columns.stream().filter(c -> !keys.contains(c)).toList();
        if (this == POSTGRES) {
            String keyCols = keys.stream().map(this::quote).collect(Collectors.joining(", "));
            String set = rest.isEmpty() ? "NOTHING" : "UPDATE SET " + rest.stream()
                    .map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", "));
            return "INSERT INTO " + target + " (" + cols + ") SELECT DISTINCT ON (" + keyCols + ") " + cols
                    + " FROM " + staging + " ON CONFLICT (" + keyCols + ") DO " + set;
        }
        if (this == MYSQL) {
            List<String> upd = rest.isEmpty() ? keys : rest;
            return "INSERT INTO " + target + " (" + cols + ") SELECT " + cols + " FROM " + staging
                    + " ON DUPLICATE KEY UPDATE " + upd.stream().map(c -> quote(c) + " = VALUES(" + quote(c) + ")")
                    .collect(Collectors.joining(", "));
        }
        return null;
    }
}
