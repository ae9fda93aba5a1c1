package io.dativo.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back what a run wrote with DuckDB, an implementation of Parquet, CSV and JSON independent of the one under
 * test. Every call opens its own in-memory database with the time zone set to UTC, so timestamps read the same on
 * every machine.
 */
public final class DuckDb {

    private DuckDb() {
    }

    /** Runs a statement that returns no rows, such as {@code COPY (...) TO 'file.parquet'}, in UTC. */
    public static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("SET TimeZone='UTC'");
            s.execute(sql);
        }
    }

    /** The rows of a query, each as a list of its values in column order. */
    public static List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        run(sql, rs -> {
            int n = rs.getMetaData().getColumnCount();
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(rs.getObject(i));
            }
            rows.add(row);
        });
        return rows;
    }

    /** The rows of a query, each as a map from column label to value, in column order. */
    public static List<Map<String, Object>> rows(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        run(sql, rs -> {
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnLabel(i), rs.getObject(i));
            }
            rows.add(row);
        });
        return rows;
    }

    /** Every row of the Parquet files matching {@code glob}, as maps, in the order DuckDB reads them. */
    public static List<Map<String, Object>> readParquet(String glob) throws SQLException {
        return rows("SELECT * FROM " + parquet(glob));
    }

    /** Every row of the Parquet files matching {@code glob}, as maps, sorted by {@code orderBy} (SQL). */
    public static List<Map<String, Object>> readParquet(String glob, String orderBy) throws SQLException {
        return rows("SELECT * FROM " + parquet(glob) + " ORDER BY " + orderBy);
    }

    /** Every row of the Parquet file or directory glob at {@code path}. */
    public static List<Map<String, Object>> readParquet(Path path, String orderBy) throws SQLException {
        return readParquet(path.toString(), orderBy);
    }

    /** The table function reading {@code glob}, quoted for SQL: {@code read_parquet('...')}. */
    public static String parquet(String glob) {
        return "read_parquet('" + glob.replace("'", "''") + "')";
    }

    /** The table function reading the file or directory glob at {@code path}. */
    public static String parquet(Path path) {
        return parquet(path.toString());
    }

    private static void run(String sql, RowHandler handler) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("SET TimeZone='UTC'");
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        }
    }

    /** Takes one row of a result set. */
    @FunctionalInterface
    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }
}
