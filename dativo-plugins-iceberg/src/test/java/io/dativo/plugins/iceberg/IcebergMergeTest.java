package io.dativo.plugins.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteMode;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code write_mode: merge}: three runs of updates and inserts leave every key once with its newest values, read
 * back through Iceberg's own scan, on an unpartitioned table and on one partitioned by a transform of the key; the
 * equality-delete files hold the key columns only, with the table's field ids; a key twice in one run, within a
 * file or across two, fails the run and commits nothing; version 1 tables and partitions by non-key columns are
 * refused naming the table.
 */
class IcebergMergeTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();
    private JdbcCatalog catalog;

    private JdbcCatalog catalog() throws Exception {
        if (catalog == null) {
            Files.createDirectories(dir.resolve(Catalogs.DEFAULT_DB).getParent());
            catalog = IcebergJobs.jdbc("jdbc:sqlite:" + dir.resolve(Catalogs.DEFAULT_DB),
                    dir.resolve(".dativo/warehouse").toString(), Map.of());
        }
        return catalog;
    }

    @AfterEach
    void closeCatalog() throws Exception {
        if (catalog != null) {
            catalog.close();
        }
    }

    private TargetConfig.Builder merge() {
        return TargetConfig.builder("iceberg").baseDir(dir.toString()).writeMode(WriteMode.MERGE)
                .mergeKeys(List.of("id"));
    }

    /** Orders as CSV: each id with the amount the map gives and a city from the run's name. */
    private Path orders(String name, Map<Long, Long> amounts) throws Exception {
        Path f = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("id,city,amount\n");
            for (Map.Entry<Long, Long> e : amounts.entrySet()) {
                w.write(e.getKey() + "," + name + "," + e.getValue() + "\n");
            }
        }
        return f;
    }

    private static Map<Long, Long> range(long from, long to, long amountBase) {
        Map<Long, Long> m = new TreeMap<>();
        for (long i = from; i <= to; i++) {
            m.put(i, amountBase + i);
        }
        return m;
    }

    private RunResult run(TargetConfig target, Path... files) {
        List<FileSpec> specs = new ArrayList<>();
        for (Path f : files) {
            specs.add(new FileSpec(f.toString(), "orders", null));
        }
        return IcebergJobs.pipeline("orders-merge", IcebergJobs.ORDERS,
                SourceConfig.ofFiles("csv", specs, Map.of()), target, allocator).build().run();
    }

    /** Runs three merges and checks the table after each against the expected newest amount and city per id. */
    private Table threeRuns(TargetConfig target) throws Exception {
        Map<Long, String> city = new TreeMap<>();
        Map<Long, Long> expected = new TreeMap<>();
        List<Map<Long, Long>> runs = List.of(range(1, 100, 0), range(50, 120, 1000),
                merged(merged(range(1, 10, 2000), range(110, 130, 2000)), range(131, 140, 2000)));
        Table t = null;
        for (int k = 0; k < runs.size(); k++) {
            String name = "run" + k + ".csv";
            RunResult r = run(target, orders(name, runs.get(k)));
            assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
            runs.get(k).forEach((id, amount) -> {
                expected.put(id, amount);
                city.put(id, name);
            });
            t = catalog().loadTable(TableIdentifier.of("sales", "shop", "orders"));
            List<Record> rows = IcebergJobs.rows(t);
            assertThat(rows).extracting(row -> (Long) row.getField("id")).as("every key once after run " + k)
                    .containsExactlyElementsOf(expected.keySet());
            for (Record row : rows) {
                long id = (Long) row.getField("id");
                assertThat(row.getField("amount")).as("amount of " + id).isEqualTo(expected.get(id));
                assertThat(row.getField("city")).as("city of " + id).isEqualTo(city.get(id));
            }
        }
        assertThat(expected).hasSize(140);
        int commits = 0;
        for (Snapshot s : t.snapshots()) {
            assertThat(s.summary()).containsKey(IcebergCommitter.RUN_ID);
            commits++;
        }
        assertThat(commits).as("one snapshot per run").isEqualTo(3);
        assertThat(t.currentSnapshot().summary()).containsEntry("added-equality-deletes",
                String.valueOf(runs.get(2).size()));
        return t;
    }

    private static Map<Long, Long> merged(Map<Long, Long> a, Map<Long, Long> b) {
        Map<Long, Long> m = new TreeMap<>(a);
        m.putAll(b);
        return m;
    }

    private static List<DeleteFile> deleteFiles(Table t) {
        List<DeleteFile> out = new ArrayList<>();
        for (Snapshot s : t.snapshots()) {
            s.addedDeleteFiles(t.io()).forEach(out::add);
        }
        return out;
    }

    @Test
    void threeMergesIntoAnUnpartitionedTableKeepEveryKeyOnceWithItsNewestValues() throws Exception {
        Table t = threeRuns(merge().build());
        List<DeleteFile> deletes = deleteFiles(t);
        assertThat(deletes).isNotEmpty().allSatisfy(d -> {
            assertThat(d.content()).isEqualTo(FileContent.EQUALITY_DELETES);
            assertThat(d.equalityFieldIds()).containsExactly(t.schema().findField("id").fieldId());
        });
        String file = deletes.get(0).location();
        List<List<Object>> schema = DuckDb.query("SELECT name, field_id FROM parquet_schema('" + file
                + "') WHERE num_children IS NULL");
        assertThat(schema).as("the delete files hold the key column only, with its field id")
                .containsExactly(List.of("id", (long) t.schema().findField("id").fieldId()));
        assertThat(DuckDb.query("SELECT count(*) FROM read_parquet('" + file + "')").get(0).get(0))
                .isEqualTo(deletes.get(0).recordCount());
    }

    @Test
    void threeMergesIntoATablePartitionedByABucketOfTheKeyPutEachDeleteInItsRowsPartition() throws Exception {
        Table t = threeRuns(merge().partitioning(List.of("id"))
                .engineOptions(Map.of("partition_transforms", Map.of("id", "bucket[4]"))).build());
        assertThat(t.spec().isPartitioned()).isTrue();
        List<DeleteFile> deletes = deleteFiles(t);
        assertThat(deletes.stream().map(d -> d.partition().get(0, Integer.class)).distinct().count())
                .as("delete files in several buckets").isGreaterThan(1);
    }

    @Test
    void aKeyTwiceInOneRunWithinAFileOrAcrossTwoFailsTheRunAndCommitsNothing() throws Exception {
        RunResult first = run(merge().build(), orders("a.csv", range(1, 20, 0)));
        assertThat(first.status()).as(first.error()).isEqualTo(RunStatus.SUCCEEDED);
        Table t = catalog().loadTable(TableIdentifier.of("sales", "shop", "orders"));
        long snapshot = t.currentSnapshot().snapshotId();

        Path twice = dir.resolve("twice.csv");
        Files.writeString(twice, "id,city,amount\n5,x,1\n6,x,2\n5,y,3\n");
        RunResult within = run(merge().build(), twice);
        assertThat(within.status()).isEqualTo(RunStatus.FAILED);
        assertThat(within.error()).contains("[id] = (5)").contains("more than once").contains("sales.shop.orders");

        RunResult across = run(merge().build(), orders("b.csv", range(7, 9, 100)), orders("c.csv",
                range(9, 11, 200)));
        assertThat(across.status()).isEqualTo(RunStatus.FAILED);
        assertThat(across.error()).contains("[id] = (9)").contains("more than once");

        t.refresh();
        assertThat(t.currentSnapshot().snapshotId()).as("nothing committed").isEqualTo(snapshot);
        assertThat(IcebergJobs.rows(t)).hasSize(20);
        try (Stream<Path> files = Files.walk(Path.of(t.location()).resolve("data"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".parquet")).map(Path::toString).toList())
                    .as("the failed runs' files are gone").containsExactlyInAnyOrderElementsOf(Stream.concat(
                            IcebergJobs.dataFiles(t).stream(), deleteFiles(t).stream().map(DeleteFile::location))
                            .toList());
        }
    }

    @Test
    void aVersionOneTableAndAPartitionByANonKeyColumnAreRefusedNamingTheTable() throws Exception {
        Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "city", Types.StringType.get()),
                Types.NestedField.optional(3, "amount", Types.LongType.get()));
        catalog().createNamespace(Namespace.of("sales", "shop"));
        catalog().createTable(TableIdentifier.of("sales", "shop", "orders"), schema, PartitionSpec.unpartitioned(),
                Map.of("format-version", "1"));
        RunResult v1 = run(merge().build(), orders("a.csv", range(1, 5, 0)));
        assertThat(v1.status()).isEqualTo(RunStatus.FAILED);
        assertThat(v1.error()).contains("sales.shop.orders").contains("format version 1");

        RunResult byCity = run(merge().partitioning(List.of("city")).engineOptions(Map.of("table", "by_city"))
                .build(), orders("b.csv", range(1, 5, 0)));
        assertThat(byCity.status()).isEqualTo(RunStatus.FAILED);
        assertThat(byCity.error()).contains("sales.shop.by_city").contains("[city]");
        assertThat(catalog().tableExists(TableIdentifier.of("sales", "shop", "by_city")))
                .as("a refused run creates no table").isFalse();
    }
}
