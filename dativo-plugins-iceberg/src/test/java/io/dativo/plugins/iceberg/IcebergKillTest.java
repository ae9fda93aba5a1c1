package io.dativo.plugins.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.TargetConfig;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.testkit.LeakCheckedAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run killed with SIGKILL before, during and after its Iceberg commit (appending, and merging, whose first commit
 * also creates the table; the warehouse on the local disk, and on S3 in an s3proxy the class shares), then run
 * again: every record is in the table exactly once, the history holds one snapshot per run that committed, and the files the killed run published but
 * never committed are deleted by the next run.
 */
class IcebergKillTest {

    private static final int ROWS = 20_000;

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    private static S3Warehouse s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3Warehouse(IcebergChild.BUCKET);
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    private Process child(String point, String glob, String mode, String endpoint) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), IcebergChild.class.getName(), point, dir.toString(),
                glob, mode, endpoint));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile())
                .start();
    }

    private boolean marked() throws IOException {
        Path log = dir.resolve("child.log");
        return Files.exists(log) && Files.readString(log).contains(IcebergChild.MARKER);
    }

    private Set<String> parquetOnDisk(Path data) throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            Set<String> out = new HashSet<>();
            files.filter(f -> f.toString().endsWith(".parquet"))
                    .filter(f -> data.relativize(f).toString().split("/")[0].charAt(0) != '.')
                    .forEach(f -> out.add(f.toString()));
            return out;
        }
    }

    private Set<String> parquetInBucket(String prefix) {
        Set<String> out = new HashSet<>();
        for (String key : s3.keys(IcebergChild.BUCKET, prefix + "/sales/shop/orders/data/")) {
            if (key.endsWith(".parquet") && !key.contains("/.")) {
                out.add("s3://" + IcebergChild.BUCKET + "/" + key);
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"before,append,local", "during,append,local", "after,append,local", "before,merge,local",
            "during,merge,local", "after,merge,local", "before,merge,s3", "during,append,s3", "after,merge,s3"})
    void aRunKilledAroundItsCommitAndRunAgainLeavesEveryRecordOnce(String point, String mode, String store)
            throws Exception {
        String endpoint = store.equals("s3") ? s3.endpoint() : "";
        Path in = Files.createDirectories(dir.resolve("in"));
        IcebergJobs.ordersCsv(in.resolve("orders.csv"), 1, ROWS);
        String glob = in + "/*.csv";
        Process p = child(point, glob, mode, endpoint);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!marked() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(marked()).as(Files.exists(dir.resolve("child.log")) ? Files.readString(dir.resolve("child.log"))
                : "no log").isTrue();
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        boolean killed = p.exitValue() == 137;
        assertThat(killed || point.equals("during")).as("killed by SIGKILL at " + point).isTrue();

        TargetConfig target = IcebergChild.target(dir, mode, endpoint);
        RunResult next = IcebergChild.pipeline(dir, glob, target, allocator).build().run();
        assertThat(next.status()).as(next.error()).isIn(RunStatus.SUCCEEDED);

        String prefix = dir.getFileName().toString();
        String warehouse = store.equals("s3") ? "s3://" + IcebergChild.BUCKET + "/" + prefix
                : dir.resolve(".dativo/warehouse").toString();
        Map<String, String> storage = store.equals("s3") ? Map.of("endpoint", endpoint, "access_key_id",
                S3Warehouse.ACCESS, "secret_access_key", S3Warehouse.SECRET, "path_style_access", "true", "region",
                "us-east-1") : Map.of();
        try (JdbcCatalog c = IcebergJobs.jdbc("jdbc:sqlite:" + dir.resolve(Catalogs.DEFAULT_DB), warehouse,
                storage)) {
            Table t = c.loadTable(TableIdentifier.of("sales", "shop", "orders"));
            List<Record> rows = IcebergJobs.rows(t);
            assertThat(rows).hasSize(ROWS);
            assertThat(rows.stream().map(r -> r.getField("id")).distinct().count()).isEqualTo(ROWS);
            int committed = 0;
            for (Snapshot s : t.snapshots()) {
                if (s.summary().containsKey(IcebergCommitter.RUN_ID)) {
                    committed++;
                }
            }
            assertThat(committed).as("one snapshot per run that committed").isEqualTo(1);
            if (point.equals("after")) {
                assertThat(next.recordsRead()).as("the state came back from the snapshot summary").isZero();
            }
            if (point.equals("before")) {
                assertThat(next.recordsRead()).isEqualTo(ROWS);
            }
            List<String> referenced = new ArrayList<>(IcebergJobs.dataFiles(t));
            for (Snapshot s : t.snapshots()) {
                s.addedDeleteFiles(t.io()).forEach(d -> referenced.add(d.location()));
            }
            assertThat(referenced.size() > IcebergJobs.dataFiles(t).size()).as("delete files of a merge")
                    .isEqualTo(mode.equals("merge"));
            assertThat(store.equals("s3") ? parquetInBucket(prefix) : parquetOnDisk(Path.of(t.location())
                    .resolve("data"))).as("no orphan data or delete file is left")
                    .containsExactlyInAnyOrderElementsOf(referenced);
            assertThat(s3.uploads(IcebergChild.BUCKET)).as("no unfinished upload").isZero();
        }
    }
}
