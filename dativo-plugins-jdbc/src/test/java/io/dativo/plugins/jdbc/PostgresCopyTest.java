package io.dativo.plugins.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitPlan;
import io.dativo.api.TableSpec;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteMode;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.testkit.PostgresServer;
import io.dativo.testkit.Records;
import io.dativo.testkit.TestReadContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's binary COPY paths against the JDBC paths they replace, value for value, on a table of every type;
 * the shared snapshot of a plan's splits; and the values with no contract form (infinity, numeric NaN).
 */
class PostgresCopyTest {

    static PostgresServer server;
    static int port;

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    static final AssetDefinition TYPES = AssetDefinition.of("all_types", List.of(
            FieldSpec.of("id", DataType.LONG, true).withPrimaryKey(true),
            FieldSpec.of("small", DataType.LONG, false), FieldSpec.of("mid", DataType.LONG, false),
            FieldSpec.of("big", DataType.LONG, false),
            new FieldSpec("amount", DataType.DECIMAL, false, null, null, 38, 10),
            new FieldSpec("loose", DataType.DECIMAL, false, null, null, 38, 6),
            new FieldSpec("int_as_dec", DataType.DECIMAL, false, null, null, 20, 2),
            FieldSpec.of("loose_text", DataType.STRING, false),
            FieldSpec.of("r", DataType.FLOAT, false), FieldSpec.of("d", DataType.DOUBLE, false),
            FieldSpec.of("flag", DataType.BOOLEAN, false), FieldSpec.of("name", DataType.STRING, false),
            FieldSpec.of("code", DataType.STRING, false), FieldSpec.of("short_text", DataType.STRING, false),
            FieldSpec.of("day", DataType.DATE, false), FieldSpec.of("day_stamp", DataType.TIMESTAMP, false),
            FieldSpec.of("at", DataType.TIMESTAMP, false), FieldSpec.of("at_tz", DataType.TIMESTAMP, false),
            FieldSpec.of("clock", DataType.TIME, false), FieldSpec.of("raw", DataType.BINARY, false),
            FieldSpec.of("uid", DataType.STRING, false), FieldSpec.of("doc", DataType.JSON, false),
            FieldSpec.of("docb", DataType.JSON, false), FieldSpec.of("mood", DataType.STRING, false),
            FieldSpec.of("tags", DataType.STRING, false), FieldSpec.of("grid", DataType.STRING, false),
            FieldSpec.of("id_text", DataType.STRING, false)));

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
        port = server.port();
        sql("CREATE TYPE mood AS ENUM ('sad', 'happy')",
                "CREATE TABLE all_types (id int PRIMARY KEY, small smallint, mid int, big bigint, "
                        + "amount numeric(38,10), loose numeric, int_as_dec int, loose_text numeric, r real, "
                        + "d double precision, flag boolean, name text, code char(3), short_text varchar(10), "
                        + "day date, day_stamp date, at timestamp, at_tz timestamptz, clock time, raw bytea, uid uuid, "
                        + "doc json, docb jsonb, mood mood, tags text[], grid int[], id_text bigint)",
                "INSERT INTO all_types VALUES (1, -32768, -2147483648, -9223372036854775808, "
                        + "-9999999999999999999999999999.9999999999, 0.000001, -7, 123456789012345678901234567890.5, "
                        + "'NaN', 'Infinity', false, 'Zoë 東京 🚀 \"q\" \\ tab\t', 'a', '', '0001-01-01', "
                        + "'1969-12-31', "
                        + "'1901-02-03 04:05:06.000001', '1969-12-31 23:59:59.999999+00', '00:00:00', '\\x', "
                        + "'00000000-0000-0000-0000-000000000000', '{\"k\": [1, 2]}', '{\"b\": {\"c\": null}}', "
                        + "'sad', '{}', '{{1,2},{3,NULL}}', -1)",
                "INSERT INTO all_types VALUES (2, 32767, 2147483647, 9223372036854775807, "
                        + "9999999999999999999999999999.9999999999, 12345678901234567890.123456, 2147483647, -0.5, "
                        + "3.4028235e38, -1.7976931348623157e308, true, 'Zoë', 'abc', 'x', '9999-12-31', "
                        + "'2200-01-01', '2101-12-31 23:59:59.123456', '2024-06-01 12:00:00+02', '23:59:59.999999', "
                        + "'\\x00ff10', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '[]', '\"s\"', 'happy', "
                        + "'{\"a\",\"b c\",NULL}', '{1}', 9223372036854775807)",
                "INSERT INTO all_types (id) VALUES (3)",
                "INSERT INTO all_types VALUES (4, 0, 0, 0, 0, 0, 0, 0, '-Infinity', 'NaN', true, '', 'x  ', 'y', "
                        + "'2000-01-01', '2000-01-01', '2000-01-01 00:00', '2000-01-01 00:00+00', '12:00', "
                        + "'\\x00', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'null', 'null', 'happy', "
                        + "'{\"\"}', '{NULL}', 0)",
                "CREATE TABLE all_types_empty (LIKE all_types)");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static void sql(String... statements) throws Exception {
        server.sql(statements);
    }

    static List<String> rows(String q) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    b.append(rs.getString(i)).append(" | ");
                }
                out.add(b.toString());
            }
            return out;
        }
    }

    static SourceConfig.Builder source(String table, boolean copy) {
        return SourceConfig.builder("postgres").connection(Map.of("host", "127.0.0.1", "port", port,
                        "database", "postgres")).credentials(Map.of("username", "postgres"))
                .tables(List.of(new TableSpec(table, null, null)))
                .engineOptions(Map.of("batch_size", 2, "copy", copy, "partition_column", "id", "partitions", 2));
    }

    private RunResult toParquet(String table, boolean copy, String out) {
        return Pipeline.builder().name("types_" + out).tenant("acme").asset(TYPES).source(source(table, copy)
                        .build()).target(TargetConfig.local(dir.resolve(out).toString(), "parquet", List.of()))
                .stateStore(new InMemoryStateStore()).allocator(allocator).parallelism(2).build().run();
    }

    @Test
    void everyTypeReadsTheSameThroughCopyAsThroughJdbc() throws Exception {
        assertThat(PgCopyReader.plan(sourceColumns("all_types"), TYPES.schema(), Dialect.POSTGRES, "t"))
                .as("every column of the table has a binary decoder").isNotNull();
        RunResult copy = toParquet("all_types", true, "copy");
        RunResult jdbc = toParquet("all_types", false, "jdbc");
        assertThat(copy.status()).as(copy.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(jdbc.status()).as(jdbc.error()).isEqualTo(RunStatus.SUCCEEDED);
        String cols = "id, small, mid, big, CAST(amount AS VARCHAR), CAST(loose AS VARCHAR), "
                + "CAST(int_as_dec AS VARCHAR), loose_text, CAST(r AS VARCHAR), CAST(d AS VARCHAR), flag, name, "
                + "code, short_text, CAST(day AS VARCHAR), CAST(day_stamp AS VARCHAR), CAST(\"at\" AS VARCHAR), "
                + "CAST(at_tz AS VARCHAR), CAST(clock AS VARCHAR), hex(raw), uid, CAST(doc AS VARCHAR), "
                + "CAST(docb AS VARCHAR), mood, tags, grid, id_text";
        List<List<Object>> viaCopy = DuckDb.query("SELECT " + cols + " FROM "
                + DuckDb.parquet(dir.resolve("copy") + "/**/*.parquet") + " ORDER BY id");
        List<List<Object>> viaJdbc = DuckDb.query("SELECT " + cols + " FROM "
                + DuckDb.parquet(dir.resolve("jdbc") + "/**/*.parquet") + " ORDER BY id");
        assertThat(viaCopy).hasSize(4).isEqualTo(viaJdbc);
        assertThat(viaCopy.get(0)).containsExactly(1L, -32768L, -2147483648L, Long.MIN_VALUE,
                "-9999999999999999999999999999.9999999999", "0.000001", "-7.00", "123456789012345678901234567890.5",
                "nan", "inf", false, "Zoë 東京 🚀 \"q\" \\ tab\t", "a  ", "", "0001-01-01",
                "1969-12-31 00:00:00+00",
                "1901-02-03 04:05:06.000001+00", "1969-12-31 23:59:59.999999+00", "00:00:00", "",
                "00000000-0000-0000-0000-000000000000", "{\"k\": [1, 2]}", "{\"b\": {\"c\": null}}", "sad", "[]",
                "[[1,2],[3,null]]", "-1");
        assertThat(viaCopy.get(1).subList(4, 11)).containsExactly("9999999999999999999999999999.9999999999",
                "12345678901234567890.123456", "2147483647.00", "-0.5", "3.4028235e+38", "-1.7976931348623157e+308",
                true);
        assertThat(viaCopy.get(1).subList(14, 27)).containsExactly("9999-12-31", "2200-01-01 00:00:00+00",
                "2101-12-31 23:59:59.123456+00", "2024-06-01 10:00:00+00", "23:59:59.999999", "00FF10",
                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "[]", "\"s\"", "happy", "[\"a\",\"b c\",null]", "[1]",
                "9223372036854775807");
        assertThat(viaCopy.get(2).subList(1, 27)).allMatch(v -> v == null);
        assertThat(viaCopy.get(3).subList(8, 10)).containsExactly("-inf", "nan");
        assertThat(toParquet("all_types_empty", true, "empty").recordsRead()).isZero();
    }

    private static List<SourceColumn> sourceColumns(String table) throws Exception {
        Map<String, SourceColumn> byName = new HashMap<>();
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData m = rs.getMetaData();
            for (int i = 1; i <= m.getColumnCount(); i++) {
                byName.put(m.getColumnLabel(i), new SourceColumn(m.getColumnLabel(i), m.getColumnType(i),
                        m.getColumnTypeName(i).toLowerCase(Locale.ROOT)));
            }
        }
        return TYPES.schema().stream().map(f -> byName.get(f.name())).toList();
    }

    @Test
    void everyTypeLoadsTheSameThroughCopyAsThroughInserts() throws Exception {
        for (boolean copy : List.of(true, false)) {
            RunResult r = Pipeline.builder().name("load_" + copy).tenant("acme").asset(TYPES)
                    .source(source("all_types", true).build())
                    .target(TargetConfig.builder("postgres").connection(Map.of("host", "127.0.0.1", "port", port,
                            "database", "postgres", "table", "loaded_" + copy)).credentials(Map.of("username",
                            "postgres")).engineOptions(Map.of("copy", copy)).writeMode(WriteMode.MERGE).build())
                    .stateStore(new InMemoryStateStore()).allocator(allocator).parallelism(2).build().run();
            assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        }
        String cols = "id, small, mid, big, amount, loose, int_as_dec, loose_text, r, d, flag, name, code, "
                + "short_text, day, day_stamp, at AT TIME ZONE 'UTC', at_tz, clock, raw, uid, doc::text, docb, "
                + "mood, tags, grid, id_text";
        assertThat(rows("SELECT " + cols + " FROM loaded_true ORDER BY id"))
                .hasSize(4).isEqualTo(rows("SELECT " + cols + " FROM loaded_false ORDER BY id"));
        String same = "id, small, mid, big, amount, r, d, flag, name, day, at_tz, clock, raw, uid::text, "
                + "docb::text, mood::text";
        assertThat(rows("SELECT " + same + " FROM loaded_true ORDER BY id"))
                .isEqualTo(rows("SELECT " + same + " FROM all_types ORDER BY id"));
    }

    @Test
    void infinityAndNumericNanAreErrorsNamingTableColumnAndValue() throws Exception {
        sql("CREATE TABLE odd (id int, at timestamp, day date, n numeric)",
                "INSERT INTO odd VALUES (1, 'infinity', '2000-01-01', 1), (2, '2000-01-01', '-infinity', 1), "
                        + "(3, '2000-01-01', '2000-01-01', 'NaN')");
        AssetDefinition odd = AssetDefinition.of("odd", List.of(FieldSpec.of("id", DataType.LONG, true),
                FieldSpec.of("at", DataType.TIMESTAMP, false), FieldSpec.of("day", DataType.DATE, false),
                new FieldSpec("n", DataType.DECIMAL, false, null, null, 38, 2)));
        for (boolean copy : List.of(true, false)) {
            for (String[] c : List.of(new String[] {"1", "column at", "infinity"},
                    new String[] {"2", "column day", "infinity"}, new String[] {"3", "column n", "NaN"})) {
                SourceConfig src = SourceConfig.builder("postgres").connection(Map.of("host", "127.0.0.1", "port",
                        port, "database", "postgres")).credentials(Map.of("username", "postgres"))
                        .query("SELECT * FROM odd WHERE id = " + c[0]).engineOptions(Map.of("copy", copy)).build();
                RunResult r = Pipeline.builder().name("odd").tenant("acme").asset(odd).source(src)
                        .target(TargetConfig.local(dir.resolve("odd").toString(), "parquet", List.of()))
                        .stateStore(new InMemoryStateStore()).allocator(allocator).build().run();
                assertThat(r.status()).isEqualTo(RunStatus.FAILED);
                assertThat(r.error()).as("copy " + copy).contains("query of odd " + c[1]).contains(c[2]);
            }
        }
    }

    @Test
    void theSplitsOfAPlanReadOneStateWhileRowsChange() throws Exception {
        sql("CREATE TABLE moving (id bigint, v text)",
                "INSERT INTO moving SELECT g, 'before' FROM generate_series(1, 1000) g");
        AssetDefinition asset = AssetDefinition.of("moving", List.of(FieldSpec.of("id", DataType.LONG, false),
                FieldSpec.of("v", DataType.STRING, false)));
        List<String> snapshots = new ArrayList<>();
        for (boolean copy : List.of(true, false)) {
            sql("UPDATE moving SET v = 'before'", "DELETE FROM moving WHERE id > 1000",
                    "INSERT INTO moving SELECT g, 'before' FROM generate_series(1, 1000) g "
                            + "WHERE g NOT IN (SELECT id FROM moving)");
            List<Map<String, String>> seen = new ArrayList<>();
            try (JdbcReader reader = new JdbcReader()) {
                reader.open(source("moving", copy).engineOptions(Map.of("batch_size", 100, "copy", copy,
                        "partition_column", "id", "partitions", 4)).build());
                TestReadContext ctx = TestReadContext.builder(allocator, asset).batchSize(100).build();
                SplitPlan plan = reader.planSplits(ctx);
                assertThat(plan.splits()).hasSizeGreaterThan(2);
                snapshots.add(plan.splits().get(0).property(JdbcReader.SNAPSHOT));
                for (int i = 0; i < plan.splits().size(); i++) {
                    ReadSplit split = plan.splits().get(i);
                    reader.extract(ctx.withSplit(split), (SourceBatch b) -> {
                        try (VectorSchemaRoot root = b.root()) {
                            seen.addAll(Records.of(asset, root));
                        }
                    });
                    if (i == 0) {
                        // committed by another session while the other ranges are still to be read
                        sql("UPDATE moving SET v = 'after' WHERE id > 500", "DELETE FROM moving WHERE id > 900",
                                "INSERT INTO moving SELECT g, 'new' FROM generate_series(1001, 1100) g");
                    }
                }
            }
            assertThat(seen).as("copy " + copy).hasSize(1000).allMatch(r -> r.get("v").equals("before"));
            assertThat(seen.stream().map(r -> r.get("id")).distinct().count()).isEqualTo(1000);
        }
        assertThat(snapshots).as("each snapshot ended when its last split imported it").doesNotContainNull()
                .noneMatch(Snapshots::held);
    }

    @Test
    void aTablesOwnPartitioningWinsOverTheSources() throws Exception {
        AssetDefinition ids = AssetDefinition.of("all_types", List.of(FieldSpec.of("id", DataType.LONG, true)));
        try (JdbcReader reader = new JdbcReader()) {
            reader.open(source("all_types", true).tables(List.of(new TableSpec("all_types", "by_id", null, "id", 4),
                    new TableSpec("public.all_types_empty", null, null))).build());
            SplitPlan plan = reader.planSplits(TestReadContext.builder(allocator, ids).build());
            Snapshots.release(plan.splits().get(0).property(JdbcReader.SNAPSHOT));
            assertThat(plan.splits().stream().map(ReadSplit::id)).containsExactly("by_id-p0", "by_id-p1",
                    "by_id-p2", "by_id-p3", "by_id-pnull", "public.all_types_empty-pnull");
        }
    }
}
