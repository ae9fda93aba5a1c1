package io.dativo.plugins.s3;

import static io.dativo.plugins.s3.S3Jobs.amountOf;
import static io.dativo.plugins.s3.S3Jobs.countAndSum;
import static io.dativo.plugins.s3.S3Jobs.csvSource;
import static io.dativo.plugins.s3.S3Jobs.ordersCsv;
import static io.dativo.plugins.s3.S3Jobs.pipeline;
import static io.dativo.plugins.s3.S3Jobs.s3Target;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.FileMetadata;
import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code s3} target and source through the whole pipeline against a real S3 server: each format written and
 * read back, governance metadata on the objects, throttling retried, a failing store leaving nothing visible, and a
 * commit that dies after publishing the data finished by the next run.
 */
class S3TargetTest {

    private static final String LAKE = "lake";
    private static final int ROWS = 5000;
    @RegisterExtension
    static final S3Server server = new S3Server(LAKE);

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    private Map<String, Object> connection(String prefix, Object... extra) {
        Map<String, Object> c = new LinkedHashMap<>(server.connection(LAKE, prefix));
        for (int i = 0; i < extra.length; i += 2) {
            c.put(extra[i].toString(), extra[i + 1]);
        }
        return c;
    }

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "csv", "jsonl"})
    void eachFormatIsWrittenToTheLayoutAndReadBackByTheS3Source(String format) throws Exception {
        Path csv = ordersCsv(dir.resolve("orders.csv"), ROWS);
        RunResult written = pipeline(csvSource(csv), s3Target(connection("raw/" + format), format), allocator)
                .build().run();
        assertThat(written.status()).as(written.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(written.files()).isNotEmpty().extracting(FileMetadata::path).allSatisfy(p -> assertThat(p)
                .startsWith("s3://lake/raw/" + format + "/sales/shop/orders/part-" + written.runId()));
        assertThat(server.uploads(LAKE)).isZero();
        String key = written.files().get(0).path().substring("s3://lake/".length());
        assertThat(server.uploadMetadata(key)).containsEntry("dativo-owner", "data-team@example.com")
                .containsEntry("dativo-classification", "internal,pii").containsEntry("dativo-retention-days", "30")
                .containsEntry("dativo-run-id", written.runId()).containsEntry("dativo-asset", "orders")
                .containsEntry("dativo-asset-version", "2")
                .allSatisfy((k, v) -> assertThat(v).doesNotContain(S3Server.SECRET));

        SourceConfig s3 = SourceConfig.builder("s3").connection(connection("raw/" + format + "/sales/shop/orders"))
                .files(List.of(new FileSpec("*." + format, "orders", null))).build();
        Path local = dir.resolve("back");
        RunResult read = pipeline(s3, TargetConfig.local(local.toString(), "parquet", List.of()), allocator)
                .build().run();
        assertThat(read.status()).as(read.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(read.recordsRead()).isEqualTo(ROWS);
        assertThat(DuckDb.query("SELECT count(*), sum(amount)::BIGINT, count(DISTINCT id) FROM read_parquet('"
                + local + "/**/*.parquet')").get(0)).containsExactly((long) ROWS, amountOf(ROWS), (long) ROWS);
        if (format.equals("parquet")) {
            assertThat(countAndSum(server, LAKE, "raw/parquet/", dir))
                    .containsExactly((long) ROWS, amountOf(ROWS), (long) ROWS);
        }
    }

    @Test
    void theCsvReaderReadsS3UrisAndFileModifiedTimeReadsOnlyNewObjects() throws Exception {
        Path first = ordersCsv(dir.resolve("first.csv"), 300);
        server.client().putObject(r -> r.bucket(LAKE).key("in/2024/a.csv"), first);
        Map<String, Object> conn = connection("");
        conn.remove("bucket");
        SourceConfig source = SourceConfig.builder("csv").connection(conn)
                .files(List.of(new FileSpec("s3://lake/in/**/*.csv", "orders", null)))
                .incremental(new IncrementalSpec("file_modified_time", null, 0, null)).build();
        InMemoryStateStore state = new InMemoryStateStore();
        Path local = dir.resolve("incremental");
        TargetConfig target = TargetConfig.local(local.toString(), "parquet", List.of());
        RunResult one = pipeline(source, target, allocator).stateStore(state).build().run();
        assertThat(one.status()).as(one.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(one.recordsRead()).isEqualTo(300);
        RunResult none = pipeline(source, target, allocator).stateStore(state).build().run();
        assertThat(none.recordsRead()).isZero();
        // S3 keeps last-modified times in whole seconds: the new object must fall in a later second.
        Thread.sleep(1100);
        server.client().putObject(r -> r.bucket(LAKE).key("in/2025/b.csv"), ordersCsv(dir.resolve("b.csv"), 40));
        RunResult two = pipeline(source, target, allocator).stateStore(state).build().run();
        assertThat(two.status()).as(two.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(two.recordsRead()).isEqualTo(40);
    }

    @Test
    void theConnectionCheckSaysWhetherTheBucketCanBeListedAndWrittenAtTheGivenEndpoint() throws Exception {
        try (var writer = new S3TargetFactory().create()) {
            ConnectionCheck ok = writer.checkConnection(s3Target(connection("raw/check"), "parquet"));
            assertThat(ok.success()).as(ok.message()).isTrue();
            assertThat(ok.message()).contains("s3://lake/raw/check").contains(server.endpoint().toString());
            Map<String, Object> missing = connection("raw/check", "bucket", "no-such-bucket", "max_attempts", 1);
            ConnectionCheck failed = writer.checkConnection(s3Target(missing, "parquet"));
            assertThat(failed.success()).isFalse();
            assertThat(failed.message()).contains("no-such-bucket").contains(server.endpoint().toString())
                    .doesNotContain(S3Server.SECRET);
        }
        assertThat(server.keys(LAKE, "raw/check/")).isEmpty();
        assertThat(server.uploads(LAKE)).isZero();
    }

    @Test
    void throttledPartUploadsAreRetriedAndTheRunSucceeds() throws Exception {
        server.fail("uploadMultipartPart", "/part-", 503, 2);
        RunResult r = pipeline(csvSource(ordersCsv(dir.resolve("o.csv"), ROWS)), s3Target(connection("raw/retry"),
                "parquet"), allocator).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(countAndSum(server, LAKE, "raw/retry/", dir)).containsExactly((long) ROWS, amountOf(ROWS),
                (long) ROWS);
    }

    @Test
    void aStoreThatKeepsFailingFailsTheRunInOneLineAndLeavesNothingVisibleOrBilled() throws Exception {
        server.fail("uploadMultipartPart", "/part-", 503, -1);
        RunResult r = pipeline(csvSource(ordersCsv(dir.resolve("o.csv"), ROWS)), s3Target(connection("raw/broken",
                "max_attempts", 2), "parquet"), allocator).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("s3://lake/raw/broken/").contains(server.endpoint().toString())
                .contains("cannot upload part").doesNotContain(S3Server.SECRET).doesNotContain("\n");
        assertThat(server.dataKeys(LAKE, "raw/broken/")).isEmpty();
        assertThat(server.uploads(LAKE)).isZero();
    }

    @Test
    void aCommitCompletesItsFilesTogetherAndOneThatCannotBeCompletedLeavesNothingVisibleOrBilled() throws Exception {
        StringBuilder text = new StringBuilder("id,city,amount\n");
        for (int i = 1; i <= 300; i++) {
            text.append(i).append(",c").append(i % 3).append(',').append(i * 3L).append('\n');
        }
        Path csv = Files.writeString(dir.resolve("cities.csv"), text);
        server.delay("completeMultipartUpload", "raw/together/", 300);
        RunResult together = pipeline(csvSource(csv), partitioned(connection("raw/together")), allocator).build()
                .run();
        assertThat(together.status()).as(together.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(together.files()).hasSize(3);
        assertThat(server.mostDelayedAtOnce()).as("the three uploads completed at the same time")
                .isGreaterThanOrEqualTo(2);
        assertThat(countAndSum(server, LAKE, "raw/together/", dir)).containsExactly(300L, amountOf(300), 300L);
        server.heal();

        TargetConfig refusing = partitioned(connection("raw/refused", "max_attempts", 1));
        server.fail("completeMultipartUpload", "city=c1/", 500, -1);
        RunResult failed = pipeline(csvSource(csv), refusing, allocator).build().run();
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).contains("city=c1/").contains("complete the upload")
                .doesNotContain(S3Server.SECRET);
        assertThat(server.dataKeys(LAKE, "raw/refused/")).as("the files completed beside it were taken back")
                .isEmpty();
        assertThat(server.uploads(LAKE)).isZero();
        server.heal();

        RunResult next = pipeline(csvSource(csv), refusing, allocator).build().run();
        assertThat(next.status()).as(next.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(countAndSum(server, LAKE, "raw/refused/", dir)).containsExactly(300L, amountOf(300), 300L);
    }

    private static TargetConfig partitioned(Map<String, Object> connection) {
        return TargetConfig.builder("s3").connection(connection).fileFormat("parquet").partitioning(List.of("city"))
                .build();
    }

    @Test
    void aCommitThatDiesAfterPublishingTheDataIsFinishedByTheNextRunWithEveryRecordOnce() throws Exception {
        SourceConfig source = csvSource(ordersCsv(dir.resolve("o.csv"), ROWS)).withIncremental(
                new IncrementalSpec("file_modified_time", null, 0, null));
        TargetConfig target = s3Target(connection("raw/midcommit", "max_attempts", 1), "parquet");
        InMemoryStateStore state = new InMemoryStateStore();
        server.fail("putBlob", "/manifests/", 500, -1);
        RunResult failed = pipeline(source, target, allocator).stateStore(state).build().run();
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(server.keys(LAKE, "raw/midcommit/")).as("the commit was decided: its pending manifest is there")
                .anyMatch(k -> k.endsWith("/commit.json"));
        server.heal();

        RunResult next = pipeline(source, target, allocator).stateStore(state).build().run();
        assertThat(next.status()).as(next.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(next.recordsRead()).isZero();
        assertThat(countAndSum(server, LAKE, "raw/midcommit/", dir)).containsExactly((long) ROWS, amountOf(ROWS),
                (long) ROWS);
        assertThat(server.keys(LAKE, "raw/midcommit/")).noneMatch(k -> k.contains("/.dativo-staging/"
                + failed.runId() + "/"));
        assertThat(server.uploads(LAKE)).isZero();
    }

    @Test
    void aRunsSmallFilesAreOnePutEachAndItListsTheStagingFolderOnceToRecoverAndOnceToCommit() throws Exception {
        Path csv = ordersCsv(dir.resolve("o.csv"), ROWS);
        TargetConfig target = s3Target(connection("raw/requests"), "parquet");
        RunResult first = pipeline(csvSource(csv), target, allocator).build().run();
        assertThat(first.status()).as(first.error()).isEqualTo(RunStatus.SUCCEEDED);
        server.takeCalls();

        RunResult second = pipeline(csvSource(csv), target, allocator).build().run();
        assertThat(second.status()).as(second.error()).isEqualTo(RunStatus.SUCCEEDED);
        long files = second.files().size();
        Map<String, Long> requests = new TreeMap<>(server.takeCalls());
        // What the server does by itself to complete an upload (list its parts).
        requests.keySet().remove("listMultipartUpload");
        // The lease is written once, when the first file is staged: the commit takes it over while it is fresh.
        // Each upload is completed once: no second completion (which the server would refuse) and no HEAD to check
        // the object. The run's lease and pending manifest go in one DeleteObjects.
        assertThat(requests).as("requests of a run after a committed one").containsOnly(
                Map.entry("list", 2L),
                Map.entry("listMultipartUploads", 1L),
                Map.entry("putBlob", 4L),
                Map.entry("initiateMultipartUpload", files),
                Map.entry("uploadMultipartPart", files),
                Map.entry("completeMultipartUpload", files),
                Map.entry("removeBlobs", 1L));
        assertThat(server.uploads(LAKE)).isZero();
        assertThat(server.keys(LAKE, "raw/requests/")).filteredOn(k -> k.contains("/.dativo-staging/"))
                .allMatch(k -> k.contains("/manifests/")).filteredOn(k -> k.endsWith("/latest.json")).hasSize(1);
        assertThat(countAndSum(server, LAKE, "raw/requests/", dir)).containsExactly(2L * ROWS, 2 * amountOf(ROWS),
                (long) ROWS);
    }

    @Test
    void runsOneAfterAnotherInOneJvmShareOneSdkClient() throws Exception {
        Path csv = ordersCsv(dir.resolve("o.csv"), ROWS);
        // A retry setting no other test uses, so no client of another test is reused here.
        TargetConfig target = s3Target(connection("raw/shared", "max_attempts", 4), "parquet");
        long before = S3ClientCache.SHARED.created();
        for (int run = 0; run < 2; run++) {
            RunResult r = pipeline(csvSource(csv), target, allocator).build().run();
            assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        }
        assertThat(S3ClientCache.SHARED.created() - before)
                .as("one client for the recovery, split writers and commit of both runs").isEqualTo(1);
        assertThat(countAndSum(server, LAKE, "raw/shared/", dir)).containsExactly(2L * ROWS, 2 * amountOf(ROWS),
                (long) ROWS);
    }

    @Test
    void eachObjectsRecordCountIsInTheCommittedManifestAndItsParquetFooterNotInItsUserMetadata() throws Exception {
        RunResult r = pipeline(csvSource(ordersCsv(dir.resolve("o.csv"), ROWS)), s3Target(connection("raw/counted"),
                "parquet"), allocator).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        String location = r.files().get(0).path();
        String key = location.substring("s3://lake/".length());
        String manifest = server.keys(LAKE, "raw/counted/").stream()
                .filter(k -> k.contains("/.dativo-staging/manifests/") && k.endsWith("-" + r.runId() + ".json"))
                .findFirst().orElseThrow();
        JsonNode entry = null;
        for (JsonNode f : new ObjectMapper().readTree(server.bytes(LAKE, manifest)).get("files")) {
            if (f.get("location").asText().equals(location)) {
                entry = f;
            }
        }
        assertThat(entry).as("the manifest names the object").isNotNull();
        assertThat(server.keys(LAKE, "raw/counted/")).allSatisfy(k -> assertThat(new String(server.bytes(LAKE, k),
                StandardCharsets.ISO_8859_1)).as(k).doesNotContain(S3Server.SECRET));
        assertThat(entry.get("records").asLong()).isEqualTo(ROWS);
        Path local = dir.resolve("counted.parquet");
        Files.write(local, server.bytes(LAKE, key));
        assertThat(DuckDb.query("SELECT num_rows FROM parquet_file_metadata('" + local + "')").get(0))
                .containsExactly((long) ROWS);
        assertThat(server.uploadMetadata(key)).containsKey("dativo-run-id")
                .allSatisfy((k, v) -> assertThat(k).doesNotContain("record").doesNotContain("count"));
    }
}
