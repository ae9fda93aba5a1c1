package io.dativo.bench;

import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an engine's Parquet output back with DuckDB and sums it up: the row count, a checksum per contract column
 * (the sum of the hashes of every value as text, so the order of rows and files does not matter) and the type
 * DuckDB reads each column as.
 */
final class OutputCheck {

    /**
     * What an output holds.
     *
     * @param rows      its rows
     * @param checksums per contract column, in the contract's order
     * @param types     every column of the files and the type DuckDB reads it as
     */
    record Digest(long rows, List<String> checksums, Map<String, String> types) {
    }

    private OutputCheck() {
    }

    /** The digest of every Parquet file under {@code dir}, at any depth. */
    static Digest digest(BenchCase c, Path dir) throws SQLException {
        String files = "read_parquet('" + dir + "/**/*.parquet')";
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = conn.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            Map<String, String> types = new LinkedHashMap<>();
            try (ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM " + files)) {
                while (r.next()) {
                    types.put(r.getString(1), r.getString(2));
                }
            }
            StringBuilder sql = new StringBuilder("SELECT count(*)");
            for (FieldSpec f : c.contract().schema()) {
                // A timestamp compares as its instant, since engines differ in whether they mark it as UTC.
                String value = f.type() == DataType.TIMESTAMP ? "epoch_us(" + f.name() + ")" : f.name();
                sql.append(", CAST(sum(hash(CAST(").append(value).append(" AS VARCHAR))) AS VARCHAR)");
            }
            try (ResultSet r = s.executeQuery(sql.append(" FROM ").append(files).toString())) {
                r.next();
                List<String> sums = new ArrayList<>();
                for (int i = 0; i < c.contract().schema().size(); i++) {
                    sums.add(r.getString(i + 2));
                }
                return new Digest(r.getLong(1), sums, types);
            }
        }
    }

    /**
     * Fails unless {@code actual} holds the case's rows and, when there is a reference, the same checksums.
     *
     * @throws IllegalStateException naming the engines and every column that differs
     */
    static void compare(BenchCase c, String engine, Digest actual, String referenceEngine, Digest reference) {
        List<String> problems = new ArrayList<>();
        if (actual.rows() != c.rows()) {
            problems.add("rows: " + actual.rows() + ", expected " + c.rows());
        }
        if (reference != null) {
            for (int i = 0; i < actual.checksums().size(); i++) {
                if (!actual.checksums().get(i).equals(reference.checksums().get(i))) {
                    problems.add(c.contract().schema().get(i).name() + ": checksum " + actual.checksums().get(i)
                            + ", " + referenceEngine + " has " + reference.checksums().get(i));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("OUTPUT MISMATCH in " + c.name() + ", " + engine + " against "
                    + (reference == null ? "the input" : referenceEngine) + ":\n  " + String.join("\n  ", problems)
                    + "\n  types: " + actual.types() + (reference == null ? "" : "\n  " + referenceEngine
                    + " types: " + reference.types()));
        }
    }
}
