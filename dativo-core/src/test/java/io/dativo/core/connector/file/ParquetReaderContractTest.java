package io.dativo.core.connector.file;

import io.dativo.api.BaseReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** The Parquet reader passes the reader contract, on files DuckDB writes in row groups of 1000 rows. */
class ParquetReaderContractTest extends FileReaderContracts {

    @Override
    protected BaseReader newReader() {
        return new ParquetReader();
    }

    @Override
    String type() {
        return "parquet";
    }

    @Override
    void write(Path file, List<Map<String, Object>> rows) throws Exception {
        long from = (Long) rows.get(0).get("id");
        long to = (Long) rows.get(rows.size() - 1).get("id");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT i AS id, CASE WHEN i % 4 = 0 THEN NULL ELSE 'person ' || i END AS name "
                    + "FROM range(" + from + ", " + (to + 1) + ") t(i)) TO '" + file
                    + "' (FORMAT parquet, ROW_GROUP_SIZE 1000)");
        }
    }
}
