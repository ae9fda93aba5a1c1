package io.dativo.plugins.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteMode;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the iceberg target does to its table, on the embedded default catalog (SQLite, local warehouse): state kept
 * in the snapshot summary, overwrite, partition transforms, schema evolution over three contract versions, and two
 * runs committing at once.
 */
class IcebergTableTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();
    private JdbcCatalog catalog;

    /** A table of the embedded catalog; with no name, only opens the catalog and returns {@code null}. */
    private Table table(String... name) throws Exception {
        if (catalog == null) {
            Files.createDirectories(dir.resolve(Catalogs.DEFAULT_DB).getParent());
            catalog = IcebergJobs.jdbc("jdbc:sqlite:" + dir.resolve(Catalogs.DEFAULT_DB),
                    dir.resolve(".dativo/warehouse").toString(), Map.of());
        }
        return name.length == 0 ? null : catalog.loadTable(TableIdentifier.of(name));
    }

    @AfterEach
    void closeCatalog() throws Exception {
        if (catalog != null) {
            catalog.close();
        }
    }

    private TargetConfig.Builder target() {
        return TargetConfig.builder("iceberg").baseDir(dir.toString());
    }

    private static int snapshots(Table t) {
        int n = 0;
        for (Snapshot ignored : t.snapshots()) {
            n++;
        }
        return n;
    }

    @Test
    void stateLostAfterACommitIsRepairedFromTheSnapshotSummaryAndNothingIsWrittenTwice() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        IcebergJobs.ordersCsv(in.resolve("a.csv"), 1, 100);
        var source = IcebergJobs.incrementalCsv(in + "/*.csv", "orders");
        RunResult first = IcebergJobs.pipeline("orders-job", IcebergJobs.ORDERS, source, target().build(), allocator)
                .stateStore(new InMemoryStateStore()).build().run();
        assertThat(first.status()).as(first.error()).isEqualTo(RunStatus.SUCCEEDED);
        Table t = table("sales", "shop", "orders");
        assertThat(t.currentSnapshot().summary()).containsKey(IcebergCommitter.STATE_PREFIX + "orders");

        RunResult lost = IcebergJobs.pipeline("orders-job", IcebergJobs.ORDERS, source, target().build(), allocator)
                .stateStore(new InMemoryStateStore()).build().run();
        assertThat(lost.status()).as(lost.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(lost.recordsRead()).as("the state came back from the table").isZero();
        assertThat(IcebergJobs.rows(t)).hasSize(100);
        assertThat(snapshots(t)).as("a run with nothing new commits nothing").isEqualTo(1);

        IcebergJobs.ordersCsv(in.resolve("b.csv"), 101, 20);
        Files.setLastModifiedTime(in.resolve("b.csv"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        RunResult next = IcebergJobs.pipeline("orders-job", IcebergJobs.ORDERS, source, target().build(), allocator)
                .stateStore(new InMemoryStateStore()).build().run();
        assertThat(next.status()).as(next.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(next.recordsRead()).isEqualTo(20);
        assertThat(IcebergJobs.rows(t)).hasSize(120);
        assertThat(snapshots(t)).as("one snapshot per run that wrote").isEqualTo(2);
    }

    @Test
    void overwriteReplacesAnUnpartitionedTableNamedByTheOptions() throws Exception {
        TargetConfig overwrite = target().writeMode(WriteMode.OVERWRITE)
                .engineOptions(Map.of("namespace", "lake.raw", "table", "orders_copy")).build();
        for (int from : new int[]{1, 1000}) {
            RunResult r = IcebergJobs.pipeline("orders-job", IcebergJobs.ORDERS, IcebergJobs.csv(
                    IcebergJobs.ordersCsv(dir.resolve("o" + from + ".csv"), from, 50), "orders"), overwrite,
                    allocator).build().run();
            assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        }
        List<Record> rows = IcebergJobs.rows(table("lake", "raw", "orders_copy"));
        assertThat(rows).hasSize(50).allMatch(r -> (Long) r.getField("id") >= 1000);
        assertThat(table("lake", "raw", "orders_copy").currentSnapshot().operation()).isEqualTo("overwrite");
    }

    @Test
    void withoutACatalogTheFilesGoUnderTheWarehouseWithNoTable() throws Exception {
        Path warehouse = dir.resolve("plain");
        RunResult r = IcebergJobs.pipeline("orders-job", IcebergJobs.ORDERS, IcebergJobs.csv(
                IcebergJobs.ordersCsv(dir.resolve("o.csv"), 1, 30), "orders"), target().catalog(Map.of("type", "none",
                "warehouse", warehouse.toString())).build(), allocator).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.files()).singleElement().satisfies(f -> assertThat(f.path())
                .startsWith(warehouse.resolve("sales/shop/orders").toString()));
        assertThat(DuckDb.query("SELECT count(*) FROM read_parquet('" + r.files().get(0).path() + "')").get(0))
                .containsExactly(30L);
        assertThat(Files.exists(dir.resolve(Catalogs.DEFAULT_DB))).isFalse();
    }

    @Test
    void partitionsFollowIngestDateIdentityBucketAndDayAndScansPruneWithThem() throws Exception {
        TargetConfig partitioned = target().partitioning(List.of("ingest_date", "active", "id", "seen"))
                .engineOptions(Map.of("partition_transforms", Map.of("id", "bucket[4]", "seen", "day"))).build();
        RunResult r = IcebergJobs.pipeline("types-job", IcebergJobs.ALL_TYPES, IcebergJobs.csv(
                IcebergJobs.allTypesCsv(dir.resolve("all.csv"), 1, 120), "all_types"), partitioned, allocator)
                .build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        Table t = table("lab", "types", "all_types");
        assertThat(t.spec().fields()).extracting(f -> f.transform().toString())
                .containsExactly("identity", "identity", "bucket[4]", "day");
        List<Record> rows = IcebergJobs.rows(t);
        assertThat(rows).hasSize(120);
        rows.forEach(IcebergJobs::assertAllTypes);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(rows).allSatisfy(row -> assertThat((LocalDate) row.getField("ingest_date"))
                .isBetween(today.minusDays(1), today));

        int all = IcebergJobs.dataFiles(t).size();
        var day = Expressions.and(Expressions.greaterThanOrEqual("seen", "2024-01-02T00:00:00+00:00"),
                Expressions.lessThan("seen", "2024-01-03T00:00:00+00:00"));
        int pruned = 0;
        try (CloseableIterable<FileScanTask> tasks = t.newScan().filter(day).planFiles()) {
            for (FileScanTask ignored : tasks) {
                pruned++;
            }
        }
        assertThat(pruned).isPositive().isLessThan(all);
        List<Long> ids = new ArrayList<>();
        try (CloseableIterable<Record> read = IcebergGenerics.read(t).where(day).build()) {
            read.forEach(rec -> {
                if (rec.getField("seen") != null && rec.getField("seen").toString().startsWith("2024-01-02")) {
                    ids.add((Long) rec.getField("id"));
                }
            });
        }
        List<Long> expected = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            if (!IcebergJobs.isNullRow(i) && IcebergJobs.seen(i).toLocalDate().equals(LocalDate.of(2024, 1, 2))) {
                expected.add((long) i);
            }
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(expected).isNotEmpty();
    }

    @Test
    void anEmptyStringInAnIdentityPartitionColumnReadsBackAsTheEmptyStringApartFromNullAndBlank() throws Exception {
        Path lines = dir.resolve("cities.jsonl");
        Files.writeString(lines, """
                {"id": 1, "city": "", "amount": 10}
                {"id": 2, "city": null, "amount": 20}
                {"id": 3, "city": " ", "amount": 30}
                {"id": 4, "city": "x", "amount": 40}
                {"id": 5, "city": "", "amount": 50}
                """);
        RunResult r = IcebergJobs.pipeline("cities", IcebergJobs.ORDERS, SourceConfig.ofFiles("jsonl",
                List.of(new FileSpec(lines.toString(), "orders", null)), Map.of()),
                target().partitioning(List.of("city")).build(), allocator).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        Table t = table("sales", "shop", "orders");
        List<Record> rows = IcebergJobs.rows(t);
        assertThat(rows).extracting(row -> row.getField("city")).containsExactly("", null, " ", "x", "");
        List<Object> partitions = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
            tasks.forEach(task -> partitions.add(task.file().partition().get(0, String.class)));
        }
        assertThat(partitions).as("one file per value: empty, null and blank apart")
                .containsExactlyInAnyOrder("", null, " ", "x");
        try (CloseableIterable<Record> empty = IcebergGenerics.read(t).where(Expressions.equal("city", ""))
                .build()) {
            List<Long> ids = new ArrayList<>();
            empty.forEach(row -> ids.add((Long) row.getField("id")));
            assertThat(ids).containsExactlyInAnyOrder(1L, 5L);
        }
    }

    @Test
    void aFirstRunThatFailsAfterTheWriterOpenedLeavesNoTable() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "id,city,amount\n1,a,2\n2,b\n");
        RunResult r = IcebergJobs.pipeline("orders-job", IcebergJobs.ORDERS, IcebergJobs.csv(bad, "orders"),
                target().build(), allocator).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        table();
        assertThat(catalog.tableExists(TableIdentifier.of("sales", "shop", "orders"))).as("no table").isFalse();
        Path data = dir.resolve(".dativo/warehouse/sales/shop/orders/data");
        if (Files.exists(data)) {
            try (var files = Files.walk(data)) {
                assertThat(files.filter(f -> f.toString().endsWith(".parquet")).toList()).isEmpty();
            }
        }

        RunResult good = IcebergJobs.pipeline("orders-job", IcebergJobs.ORDERS, IcebergJobs.csv(
                IcebergJobs.ordersCsv(dir.resolve("good.csv"), 1, 10), "orders"), target().build(), allocator)
                .build().run();
        assertThat(good.status()).as(good.error()).isEqualTo(RunStatus.SUCCEEDED);
        Table t = table("sales", "shop", "orders");
        assertThat(IcebergJobs.rows(t)).hasSize(10);
        assertThat(snapshots(t)).as("the creating commit is the first snapshot").isEqualTo(1);
    }

    private static AssetDefinition measures(String version, List<FieldSpec> fields) {
        return AssetDefinition.builder("measures").version(version).domain("lab").dataProduct("evolve")
                .schema(fields).build();
    }

    private Path measuresCsv(String name, String header, String... lines) throws Exception {
        Path f = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write(header + "\n");
            for (String l : lines) {
                w.write(l + "\n");
            }
        }
        return f;
    }

    @Test
    void threeContractVersionsAddAndWidenColumnsAndARemovedOrNarrowedFieldFailsNamingIt() throws Exception {
        FieldSpec id = FieldSpec.of("id", DataType.LONG, true);
        AssetDefinition v1 = measures("1", List.of(id, FieldSpec.of("ratio", DataType.FLOAT, false),
                new FieldSpec("price", DataType.DECIMAL, false, null, null, 10, 2)));
        AssetDefinition v2 = measures("2", List.of(id, FieldSpec.of("ratio", DataType.DOUBLE, false),
                new FieldSpec("price", DataType.DECIMAL, false, null, null, 14, 2),
                FieldSpec.of("note", DataType.STRING, false)));
        AssetDefinition v3 = measures("3", List.of(id, FieldSpec.of("ratio", DataType.DOUBLE, false),
                new FieldSpec("price", DataType.DECIMAL, false, null, null, 14, 2)));
        AssetDefinition narrowed = measures("3", List.of(id, FieldSpec.of("ratio", DataType.FLOAT, false),
                new FieldSpec("price", DataType.DECIMAL, false, null, null, 14, 2),
                FieldSpec.of("note", DataType.STRING, false)));

        RunResult one = IcebergJobs.pipeline("m", v1, IcebergJobs.csv(measuresCsv("1.csv", "id,ratio,price",
                "1,0.5,10.25"), "measures"), target().build(), allocator).build().run();
        assertThat(one.status()).as(one.error()).isEqualTo(RunStatus.SUCCEEDED);
        Table t = table("lab", "evolve", "measures");
        assertThat(IcebergJobs.rows(t)).singleElement().satisfies(r -> assertThat(r.getField("ratio")).isEqualTo(0.5f));

        RunResult two = IcebergJobs.pipeline("m", v2, IcebergJobs.csv(measuresCsv("2.csv", "id,ratio,price,note",
                "2,0.1,123456789012.34,hello"), "measures"), target().build(), allocator).build().run();
        assertThat(two.status()).as(two.error()).isEqualTo(RunStatus.SUCCEEDED);
        t.refresh();
        assertThat(t.schema().findField("ratio").type().toString()).isEqualTo("double");
        assertThat(t.schema().findField("price").type().toString()).isEqualTo("decimal(14, 2)");
        List<Record> after2 = IcebergJobs.rows(t);
        assertThat(after2).hasSize(2);
        assertThat(after2.get(0).getField("ratio")).isEqualTo(0.5d);
        assertThat(after2.get(0).getField("note")).isNull();
        assertThat(after2.get(1).getField("price")).isEqualTo(new BigDecimal("123456789012.34"));
        assertThat(after2.get(1).getField("note")).isEqualTo("hello");

        RunResult removed = IcebergJobs.pipeline("m", v3, IcebergJobs.csv(measuresCsv("3.csv", "id,ratio,price",
                "3,0.3,1.00"), "measures"), target().build(), allocator).build().run();
        assertThat(removed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(removed.error()).contains("'note'");
        RunResult narrow = IcebergJobs.pipeline("m", narrowed, IcebergJobs.csv(measuresCsv("3n.csv",
                "id,ratio,price,note", "3,0.3,1.00,x"), "measures"), target().build(), allocator).build().run();
        assertThat(narrow.status()).isEqualTo(RunStatus.FAILED);
        assertThat(narrow.error()).contains("'ratio'");
        assertThat(IcebergJobs.rows(t)).hasSize(2);

        RunResult allowed = IcebergJobs.pipeline("m", v3, IcebergJobs.csv(dir.resolve("3.csv"), "measures"),
                target().engineOptions(Map.of("allow_breaking_schema_changes", true)).build(), allocator).build()
                .run();
        assertThat(allowed.status()).as(allowed.error()).isEqualTo(RunStatus.SUCCEEDED);
        List<Record> after3 = IcebergJobs.rows(t);
        assertThat(after3).hasSize(3);
        assertThat(after3.get(2).getField("note")).isNull();
        assertThat(after3.get(2).getField("price")).isEqualTo(new BigDecimal("1.00"));
    }

    @Test
    void twoRunsCommittingAtOnceBothLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<RunResult>> runs = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                Path csv = IcebergJobs.ordersCsv(dir.resolve("c" + k + ".csv"), 1 + k * 10_000, 3000);
                String job = "job-" + k;
                runs.add(pool.submit(() -> IcebergJobs.pipeline(job, IcebergJobs.ORDERS, IcebergJobs.csv(csv,
                        "orders"), target().build(), allocator).build().run()));
            }
            for (Future<RunResult> f : runs) {
                RunResult r = f.get(120, TimeUnit.SECONDS);
                r.failureCause().ifPresent(Throwable::printStackTrace);
                assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
            }
        } finally {
            pool.shutdownNow();
        }
        Table t = table("sales", "shop", "orders");
        List<Record> rows = IcebergJobs.rows(t);
        assertThat(rows).hasSize(6000);
        assertThat(rows.stream().map(r -> r.getField("id")).distinct().count()).isEqualTo(6000);
        assertThat(snapshots(t)).isEqualTo(2);
    }
}
