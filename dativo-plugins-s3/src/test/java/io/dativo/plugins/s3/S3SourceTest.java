package io.dativo.plugins.s3;

import static io.dativo.plugins.s3.S3Jobs.ordersCsv;
import static io.dativo.plugins.s3.S3Jobs.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.BaseReader;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitPlan;
import io.dativo.api.TargetConfig;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.connector.file.FilePart;
import io.dativo.core.connector.file.FileSplits;
import io.dativo.core.state.FileWatermark;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.testkit.TestReadContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code s3} source's plan and incremental position: objects spread over the splits a run reads at once and
 * fetched together, and a {@code file_modified_time} position that stays a watermark on a listing of a hundred
 * thousand objects ({@link S3WatermarkTest} runs it on a real S3 server).
 */
class S3SourceTest {

    private static final String BUCKET = "source";
    private static final IncrementalSpec BY_MODIFIED_TIME = new IncrementalSpec("file_modified_time", null, 0, null);
    @RegisterExtension
    static final S3Server server = new S3Server(BUCKET);

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    private SourceConfig s3(String glob) {
        return SourceConfig.builder("s3").connection(server.connection(BUCKET, ""))
                .files(List.of(new FileSpec(glob, "orders", null))).build();
    }

    private void put(String key, int rows) throws Exception {
        Path csv = ordersCsv(dir.resolve(key.replace('/', '_')), rows);
        server.client().putObject(r -> r.bucket(BUCKET).key(key), csv);
    }

    private SplitPlan plan(SourceConfig source, int parallelism) throws Exception {
        try (BaseReader reader = new S3SourceFactory().create()) {
            reader.open(source);
            return reader.planSplits(TestReadContext.builder(allocator, S3Jobs.ORDERS).parallelism(parallelism)
                    .build());
        }
    }

    private static List<List<String>> objectsPerSplit(SplitPlan plan) {
        return plan.splits().stream().map(s -> FileSplits.parts(s).stream().map(p -> p.file().location()).toList())
                .toList();
    }

    @Test
    void objectsAreSpreadOverTheSplitsARunReadsAtOnceAndFetchedTogether() throws Exception {
        for (int i = 0; i < 4; i++) {
            put("par/p" + i + ".csv", 500);
        }
        assertThat(objectsPerSplit(plan(s3("par/*.csv"), 4))).as("one object per split").containsExactly(
                List.of("s3://source/par/p0.csv"), List.of("s3://source/par/p1.csv"),
                List.of("s3://source/par/p2.csv"), List.of("s3://source/par/p3.csv"));
        assertThat(objectsPerSplit(plan(s3("par/*.csv"), 1))).as("a run reading one split at a time packs them")
                .hasSize(1).first().asList().hasSize(4);

        server.delay("getBlob", "par/p", 400);
        RunResult r = pipeline(s3("par/*.csv"), TargetConfig.local(dir.resolve("out").toString(), "parquet",
                List.of()), allocator).parallelism(4).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.recordsRead()).isEqualTo(2000);
        assertThat(server.mostDelayedAtOnce()).as("objects fetched at the same time").isGreaterThanOrEqualTo(2);
    }

    private SplitPlan planListing(int objects, Map<String, Object> committed) throws Exception {
        SourceConfig source = SourceConfig.builder("s3").connection(Map.of("bucket", BUCKET))
                .files(List.of(new FileSpec("listing://" + objects + "/in/*.csv", "events", null)))
                .incremental(BY_MODIFIED_TIME).build();
        try (BaseReader reader = new S3SourceFactory().create()) {
            reader.open(source);
            TestReadContext.Builder context = TestReadContext.builder(allocator, S3Jobs.ORDERS).parallelism(4);
            if (committed != null) {
                context.committedState("events", committed);
            }
            return reader.planSplits(context.build());
        }
    }

    private static List<String> planned(SplitPlan plan) {
        return plan.splits().stream().map(FileSplits::parts).flatMap(List::stream).map(FilePart::file)
                .map(f -> f.location()).toList();
    }

    @Test
    void onAHundredThousandObjectsThePositionIsAsSmallAsOnAThousandAndSelectsOnlyWhatIsNew() throws Exception {
        int many = 100_000;
        SplitPlan all = planListing(many, null);
        assertThat(all.splits()).hasSize(4);
        assertThat(planned(all)).hasSize(many);
        Map<String, Object> position = all.state().get("events");
        assertThat(position).isEqualTo(Map.of(FileWatermark.WATERMARK, ListingFileIO.T0.plusSeconds(many - 1).toString(),
                FileWatermark.AT_WATERMARK, List.of(ListingFileIO.location(many, many - 1))));
        assertThat(position.toString().length()).as("the size of the position does not depend on the listing")
                .isLessThan(150).isEqualTo(planListing(1000, null).state().get("events").toString().length() + 2);

        String mark = ListingFileIO.T0.plusSeconds(many - 3).toString();
        SplitPlan after = planListing(many, Map.of(FileWatermark.WATERMARK, mark,
                FileWatermark.AT_WATERMARK, List.of(ListingFileIO.location(many, many - 3))));
        assertThat(planned(after)).containsExactly(ListingFileIO.location(many, many - 2),
                ListingFileIO.location(many, many - 1));
        assertThat(after.state().get("events")).isEqualTo(position);
    }

    @Test
    void anObjectAtTheWatermarkThatWasNotReadIsReadAndTheOnesThatWereAreNot() throws Exception {
        int n = 1000;
        String mark = ListingFileIO.T0.plusSeconds(n - 3).toString();
        SplitPlan boundary = planListing(n, Map.of(FileWatermark.WATERMARK, mark, FileWatermark.AT_WATERMARK, List.of()));
        assertThat(planned(boundary)).containsExactly(ListingFileIO.location(n, n - 3),
                ListingFileIO.location(n, n - 2), ListingFileIO.location(n, n - 1));
        List<ReadSplit> none = planListing(n, Map.of(FileWatermark.WATERMARK, ListingFileIO.T0.plusSeconds(n - 1)
                .toString(), FileWatermark.AT_WATERMARK, List.of(ListingFileIO.location(n, n - 1)))).splits();
        assertThat(none).isEmpty();

        Map<String, Object> everyFile = new TreeMap<>();
        for (int i = 0; i < n - 1; i++) {
            everyFile.put(ListingFileIO.location(n, i), ListingFileIO.T0.plusSeconds(i).toString());
        }
        SplitPlan fromFileMap = planListing(n, Map.of("files", everyFile));
        assertThat(planned(fromFileMap)).as("a position of every file read, as core stores it")
                .containsExactly(ListingFileIO.location(n, n - 1));
        assertThat(fromFileMap.state().get("events")).isEqualTo(Map.of(FileWatermark.WATERMARK,
                ListingFileIO.T0.plusSeconds(n - 1).toString(), FileWatermark.AT_WATERMARK,
                List.of(ListingFileIO.location(n, n - 1))));
    }

    @Test
    void anObjectThatCannotBeReadFailsTheRunInOneLineNamingItAndTheEndpoint() throws Exception {
        put("bad/x.csv", 50);
        server.fail("getBlob", "bad/x.csv", 500, -1);
        Map<String, Object> connection = new LinkedHashMap<>(server.connection(BUCKET, ""));
        connection.put("max_attempts", 1);
        SourceConfig source = SourceConfig.builder("s3").connection(connection)
                .files(List.of(new FileSpec("bad/*.csv", "orders", null))).build();
        RunResult r = pipeline(source, TargetConfig.local(dir.resolve("bad").toString(), "parquet", List.of()),
                allocator).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("s3://source/bad/x.csv").contains(server.endpoint().toString())
                .contains("HTTP 500").doesNotContain(S3Server.SECRET).doesNotContain("\n");
        assertThat(r.error().indexOf("s3://source/bad/x.csv")).as("named once")
                .isEqualTo(r.error().lastIndexOf("s3://source/bad/x.csv"));
    }

    @Test
    void theConnectionCheckListsAndReadsTheFirstObjectOnlyAtTheGivenEndpoint() throws Exception {
        put("chk/a.csv", 5);
        put("chk/b.csv", 5);
        server.fail("getBlob", "chk/b.csv", 500, -1);
        try (BaseReader reader = new S3SourceFactory().create()) {
            reader.open(s3("chk/*.csv"));
            ConnectionCheck ok = reader.checkConnection();
            assertThat(ok.success()).as(ok.message()).isTrue();
            assertThat(ok.message()).contains(server.endpoint().toString()).contains("2 object(s)")
                    .contains("s3://source/chk/a.csv");
        }
        Map<String, Object> missing = new LinkedHashMap<>(server.connection("no-such-bucket", ""));
        missing.put("max_attempts", 1);
        try (BaseReader reader = new S3SourceFactory().create()) {
            reader.open(SourceConfig.builder("s3").connection(missing)
                    .files(List.of(new FileSpec("chk/*.csv", "orders", null))).build());
            ConnectionCheck failed = reader.checkConnection();
            assertThat(failed.success()).isFalse();
            assertThat(failed.message()).contains("no-such-bucket").contains("does not exist")
                    .contains(server.endpoint().toString()).doesNotContain(S3Server.SECRET);
        }
    }
}
