package io.dativo.plugins.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TableSpec;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteMode;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.testkit.LeakCheckedAllocator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MySQL/MariaDB staging tables loaded through {@code LOAD DATA LOCAL INFILE} streamed from memory, and through batched
 * inserts when the server ({@code local_infile=OFF}) or the driver ({@code allowLocalInfile=false}) refuses it: the
 * three target tables hold the source's values exactly, and each refused run warns once, whatever number of split
 * writers meet the refusal.
 */
class MariaDbLoadDataTest {

    static final String DB = "loads";
    static final String COLUMNS = "id, big, CAST(amount AS CHAR), r, d, flag, name, day, at, clock, HEX(raw), doc";
    static final AssetDefinition ASSET = AssetDefinition.of("src", List.of(
            FieldSpec.of("id", DataType.LONG, true), FieldSpec.of("big", DataType.LONG, false),
            new FieldSpec("amount", DataType.DECIMAL, false, null, null, 38, 10),
            FieldSpec.of("r", DataType.FLOAT, false), FieldSpec.of("d", DataType.DOUBLE, false),
            FieldSpec.of("flag", DataType.BOOLEAN, false), FieldSpec.of("name", DataType.STRING, false),
            FieldSpec.of("day", DataType.DATE, false), FieldSpec.of("at", DataType.TIMESTAMP, false),
            FieldSpec.of("clock", DataType.TIME, false), FieldSpec.of("raw", DataType.BINARY, false),
            FieldSpec.of("doc", DataType.JSON, false)));

    static int port;

    @BeforeAll
    static void start() throws Exception {
        port = MariaDbServer.port();
        MariaDbServer.sql("", "CREATE DATABASE " + DB);
        MariaDbServer.sql(DB, "CREATE TABLE src (id INT PRIMARY KEY, big BIGINT, amount DECIMAL(38,10), r FLOAT, "
                        + "d DOUBLE, flag BOOLEAN, name TEXT, day DATE, at DATETIME(6), clock TIME(6), "
                        + "raw VARBINARY(20), doc JSON) CHARACTER SET utf8mb4",
                "INSERT INTO src SELECT seq, seq * 1000003, seq / 7, seq / 3, seq / 9, seq % 2, CONCAT('row ', seq), "
                        + "'2024-01-01' + INTERVAL seq DAY, '2024-01-01' + INTERVAL seq SECOND, "
                        + "SEC_TO_TIME(seq), UNHEX(HEX(seq)), JSON_OBJECT('n', seq) FROM seq_1_to_2500",
                "INSERT INTO src VALUES (-1, -9223372036854775808, 1234567890123456789012345678.0123456789, "
                        + "-1.5, 1e300, true, 'tab\\there new\\nline cr\\r back\\\\slash \\\\N Zoë 東京 🚀', "
                        + "'1000-01-01', '2101-12-31 23:59:59.999999', '23:59:59.999999', x'00090a0d5c4e', "
                        + "'{\"k\": \"a\\\\tb\"}')",
                "INSERT INTO src (id, name) VALUES (-2, ''), (-3, '\\\\N')",
                "INSERT INTO src (id) VALUES (-4)");
    }

    @Test
    void stagingLoadsThroughLocalInfileAndThroughInsertsWhenRefusedWithTheSameValues() throws Exception {
        List<List<String>> source = query("SELECT " + COLUMNS + " FROM src ORDER BY id");
        assertThat(source).hasSize(2504);

        try (LeakCheckedAllocator allocator = new LeakCheckedAllocator()) {
            loadEachWay(source, allocator);
        }
    }

    private void loadEachWay(List<List<String>> source, LeakCheckedAllocator allocator) throws Exception {
        long loads = status("Com_load");
        long inserts = status("Com_insert");
        copy("infile_on", Map.of(), allocator);
        assertThat(status("Com_load") - loads).as("LOAD DATA statements").isGreaterThanOrEqualTo(2);
        long insertsWithInfile = status("Com_insert") - inserts;
        assertThat(query("SELECT " + COLUMNS + " FROM infile_on ORDER BY id")).isEqualTo(source);

        MariaDbServer.sql("", "SET GLOBAL local_infile = OFF");
        String serverLog;
        try {
            inserts = status("Com_insert");
            serverLog = logged(() -> copy("server_refused", Map.of(), allocator));
            assertThat(status("Com_insert") - inserts).as("batched inserts beside Dativo's own bookkeeping")
                    .isGreaterThan(insertsWithInfile);
        } finally {
            MariaDbServer.sql("", "SET GLOBAL local_infile = ON");
        }
        assertThat(query("SELECT " + COLUMNS + " FROM server_refused ORDER BY id")).isEqualTo(source);
        // two split writers, each staging more than one batch, meet the refusal; the run warns once
        assertThat(occurrences(serverLog, REFUSED)).as(serverLog).isEqualTo(1);

        String driverLog = logged(() -> copy("driver_refused", Map.of(LocalInfile.DRIVER_PROPERTY, "false"),
                allocator));
        assertThat(query("SELECT " + COLUMNS + " FROM driver_refused ORDER BY id")).isEqualTo(source);
        assertThat(occurrences(driverLog, REFUSED)).as(driverLog).isEqualTo(1);
    }

    /** The start of the warning a run logs when {@code LOAD DATA LOCAL INFILE} is refused. */
    private static final String REFUSED = "LOAD DATA LOCAL INFILE was refused";

    /**
     * What {@code run} logs: the tests' binding, slf4j-simple, writes to whatever {@code System.err} is at the time
     * of each message.
     */
    private static String logged(Runnable run) {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            run.run();
        } finally {
            System.setErr(err);
        }
        return log.toString(StandardCharsets.UTF_8);
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    private void copy(String table, Map<String, Object> targetConnection, LeakCheckedAllocator allocator) {
        Map<String, Object> connection = new HashMap<>(Map.of("host", "127.0.0.1", "port", port, "database", DB,
                "sslMode", "disable"));
        SourceConfig source = SourceConfig.builder("mariadb").connection(connection)
                .credentials(Map.of("username", "root")).tables(List.of(new TableSpec("src", null, null)))
                .engineOptions(Map.of("batch_size", 1000, "partition_column", "id", "partitions", 2)).build();
        connection.put("table", table);
        connection.putAll(targetConnection);
        RunResult r = Pipeline.builder().name("load_" + table).tenant("acme").asset(ASSET).source(source)
                .target(TargetConfig.builder("mariadb").connection(connection).credentials(Map.of("username", "root"))
                        .writeMode(WriteMode.APPEND).build())
                .stateStore(new InMemoryStateStore()).allocator(allocator).parallelism(2).build().run();
        assertThat(r.status()).as(table + ": " + r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.recordsWritten()).isEqualTo(2504);
    }

    private static long status(String name) throws Exception {
        try (Connection c = MariaDbServer.connect(DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    private static List<List<String>> query(String q) throws Exception {
        return MariaDbServer.rows(DB, q);
    }
}
