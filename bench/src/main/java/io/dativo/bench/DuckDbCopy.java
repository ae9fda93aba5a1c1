package io.dativo.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** A child process for the benchmark: runs one DuckDB statement (a COPY) in a fresh in-memory database. */
public final class DuckDbCopy {

    private DuckDbCopy() {
    }

    /** Usage: {@code DuckDbCopy STATEMENT}. */
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute(args[0]);
        }
    }
}
