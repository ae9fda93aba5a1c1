package io.dativo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.bench.OutputCheck.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputCheckTest {

    @TempDir
    Path tmp;

    private BenchCase narrow(long rows) {
        return new BenchCase("narrow-csv", CsvToParquet.LINEITEM, tmp.resolve("in.csv"), "csv", rows);
    }

    /** Writes the narrow case's columns as Parquet under {@code dir}, one row changed by {@code change}. */
    private Path write(String dir, String change) throws Exception {
        Path out = Files.createDirectories(tmp.resolve(dir).resolve("nested"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("COPY (SELECT i::BIGINT AS l_orderkey, (i / 100)::DECIMAL(15,2) AS l_extendedprice, "
                    + "CASE WHEN i = 7 THEN '" + change + "' ELSE 'even' END AS l_comment, "
                    + "TIMESTAMP '1995-01-01 00:00:00' + i * INTERVAL 1 MINUTE AS l_shipdate "
                    + "FROM range(1000) t(i) ORDER BY " + (change.equals("even") ? "i" : "-i") + ") TO '"
                    + out.resolve("part.parquet") + "' (FORMAT parquet)");
        }
        return tmp.resolve(dir);
    }

    @Test
    void sameRowsInAnotherOrderAndDeeperFolderMatch() throws Exception {
        Digest a = OutputCheck.digest(narrow(1000), write("a", "even"));
        Digest b = OutputCheck.digest(narrow(1000), write("b", "even"));

        assertThat(a.rows()).isEqualTo(1000);
        assertThat(a.checksums()).hasSize(4).isEqualTo(b.checksums());
        OutputCheck.compare(narrow(1000), "b", b, "a", a);
    }

    @Test
    void oneChangedValueFailsNamingItsColumn() throws Exception {
        Digest a = OutputCheck.digest(narrow(1000), write("a", "even"));
        Digest b = OutputCheck.digest(narrow(1000), write("b", "odd"));

        assertThatThrownBy(() -> OutputCheck.compare(narrow(1000), "b", b, "a", a))
                .hasMessageContaining("OUTPUT MISMATCH").hasMessageContaining("l_comment")
                .hasMessageNotContaining("l_orderkey:");
    }

    @Test
    void missingRowsFailWithoutAReference() throws Exception {
        Digest a = OutputCheck.digest(narrow(1001), write("a", "even"));

        assertThatThrownBy(() -> OutputCheck.compare(narrow(1001), "a", a, null, null))
                .hasMessageContaining("rows: 1000, expected 1001");
    }
}
