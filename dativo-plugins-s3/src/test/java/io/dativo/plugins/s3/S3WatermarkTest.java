package io.dativo.plugins.s3;

import static io.dativo.plugins.s3.S3Jobs.ordersCsv;
import static io.dativo.plugins.s3.S3Jobs.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.StateKey;
import io.dativo.api.StateRecord;
import io.dativo.api.TargetConfig;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.state.FileWatermark;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code file_modified_time} on a real S3 server whose objects' last-modified times the test sets (s3proxy's
 * filesystem store): the {@code s3} source type and core's {@code csv} reader on {@code s3://} keep the same bounded
 * watermark, read each object once across objects sharing the watermark's second, read a rewritten object again,
 * take an object that appears behind the watermark as read, list the prefix once per run, and keep a position of
 * one size while the prefix grows by thousands of objects.
 */
class S3WatermarkTest {

    private static final String BUCKET = "marks";
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final IncrementalSpec BY_MODIFIED_TIME = new IncrementalSpec("file_modified_time", null, 0, null);
    private static final StateKey KEY = new StateKey("acme", "orders-job", "orders");
    /** Keys per page of a listing, S3's default and s3proxy's. */
    private static final int PAGE = 1000;

    @RegisterExtension
    static final S3Server server = S3Server.onDisk(BUCKET);

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();
    private InMemoryStateStore store;

    @BeforeEach
    void setUp() {
        store = new InMemoryStateStore();
    }

    /** Uploads an object of {@code rows} orders and sets its last-modified time, unless {@code modified} is null. */
    private String put(String key, int rows, Instant modified) throws Exception {
        Path csv = ordersCsv(dir.resolve(key.replace('/', '_')), rows);
        server.client().putObject(r -> r.bucket(BUCKET).key(key), csv);
        if (modified != null) {
            server.touch(BUCKET, key, modified);
        }
        return "s3://" + BUCKET + "/" + key;
    }

    /** The {@code s3} type over the bucket, or core's {@code csv} reader on {@code s3://} URIs. */
    private static SourceConfig source(String type, String prefix) {
        Map<String, Object> connection = server.connection(BUCKET, "");
        String glob = type.equals("s3") ? prefix + "/*.csv" : "s3://" + BUCKET + "/" + prefix + "/*.csv";
        return SourceConfig.builder(type).connection(connection).files(List.of(new FileSpec(glob, "orders", null)))
                .incremental(BY_MODIFIED_TIME).build();
    }

    /** Runs the job; the records it read and the listing requests it made. */
    private long[] run(SourceConfig source) {
        int listed = server.calls("list");
        RunResult r = pipeline(source, TargetConfig.local(dir.resolve("out").toString(), "parquet", List.of()),
                allocator).stateStore(store).parallelism(2).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        return new long[]{r.recordsRead(), server.calls("list") - listed};
    }

    private Map<String, Object> stored() {
        return store.load(KEY).orElseThrow().values();
    }

    private static Map<String, Object> mark(Instant at, String... locations) {
        return new FileWatermark(at, new TreeSet<>(List.of(locations))).toState();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s3", "csv"})
    void eachObjectIsReadOnceAroundTheWatermarksSecondAndARewriteIsReadAgain(String type) throws Exception {
        String a = put(type + "/a.csv", 1, T);
        String b = put(type + "/b.csv", 2, T);
        SourceConfig source = source(type, type);
        assertThat(run(source)).as("records read, listing requests").containsExactly(3, 1);
        assertThat(stored()).isEqualTo(mark(T, a, b));

        String c = put(type + "/c.csv", 4, T);
        assertThat(run(source)).as("an object of the same second that the watermark does not name")
                .containsExactly(4, 1);
        assertThat(stored()).isEqualTo(mark(T, a, b, c));

        put(type + "/late.csv", 8, T.minusSeconds(60));
        assertThat(run(source)).as("an object that appears behind the watermark is taken as read")
                .containsExactly(0, 1);

        put(type + "/a.csv", 16, null);
        Instant rewritten = server.client().headObject(r -> r.bucket(BUCKET).key(type + "/a.csv")).lastModified();
        assertThat(run(source)).as("rewritten now, after the watermark").containsExactly(16, 1);
        assertThat(stored()).isEqualTo(mark(rewritten, a));
        assertThat(run(source)).containsExactly(0, 1);
    }

    @Test
    void aPerFileStateOfAnEarlierVersionIsReadAsItWasAndReplacedByAWatermark() throws Exception {
        String a = put("old/a.csv", 1, T);
        put("old/b.csv", 2, T.minusSeconds(30));
        String c = put("old/c.csv", 4, T);
        store.save(List.of(new StateRecord(KEY, Map.of("files", Map.of(a, T.toString(),
                "s3://" + BUCKET + "/old/b.csv", T.minusSeconds(60).toString())), "old", T, null)));
        assertThat(run(source("csv", "old"))).as("b modified since, c never read; not a").containsExactly(6, 1);
        assertThat(stored()).isEqualTo(mark(T, a, c));
        assertThat(run(source("csv", "old"))).containsExactly(0, 1);
    }

    @Test
    void onThousandsOfObjectsThePositionKeepsItsSizeAndEachRunListsThePrefixOnce() throws Exception {
        int batch = 1000;
        List<Integer> sizes = new ArrayList<>();
        String last = null;
        for (int round = 0; round < 2; round++) {
            last = putMany("many/r" + round + "-", batch, T.plusSeconds(round * (long) batch));
            long pages = ((round + 1L) * batch + PAGE - 1) / PAGE;
            assertThat(run(source("s3", "many"))).as("every new object read, one listing of " + pages + " pages")
                    .containsExactly(batch, pages);
            sizes.add(stored().toString().length());
        }
        assertThat(stored()).isEqualTo(mark(T.plusSeconds(2L * batch - 1), last));
        assertThat(sizes).as("characters of the position after %d and %d objects", batch, 2 * batch)
                .containsOnly(sizes.get(0)).allSatisfy(n -> assertThat(n).isLessThan(200));
        assertThat(run(source("s3", "many"))).containsExactly(0, 2);
    }

    /**
     * Stores {@code n} one-record objects {@code prefix00000.csv}..., the i-th modified at {@code from} + i seconds,
     * straight into the server's folder (thousands of uploads would cost the test more than its runs).
     */
    private String putMany(String prefix, int n, Instant from) throws Exception {
        byte[] csv = "id,city,amount\n1,x,3\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < n; i++) {
            server.store(BUCKET, "%s%05d.csv".formatted(prefix, i), csv, from.plusSeconds(i));
        }
        return "s3://%s/%s%05d.csv".formatted(BUCKET, prefix, n - 1);
    }
}
