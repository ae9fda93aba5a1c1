package io.dativo.core.connector.file;

import static io.dativo.core.testing.TestSupport.duckdb;
import static io.dativo.core.testing.TestSupport.filesUnder;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.ColumnStats;
import io.dativo.api.CommitSummary;
import io.dativo.api.Committer;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.RunCommit;
import io.dativo.api.SplitWriter;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import io.dativo.api.WriteFragment;
import io.dativo.api.io.FileIO;
import io.dativo.api.io.PendingFile;
import io.dativo.core.internal.ArrowSupport;
import io.dativo.core.storage.LocalFileIO;
import io.dativo.core.storage.OutputLayout;
import io.dativo.core.testing.InMemoryFileIO;
import io.dativo.core.testing.Storage;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.testkit.TestWriteContext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file target's two-part protocol: split writers stage, a committer that never saw them (another instance, another
 * process) commits, attempts never collide, and recovery tells dead runs from live ones by their lease. The cases that
 * need no local path run on both the local file system and the in-memory store ({@code mem://}), which the target
 * reaches through the {@code FileIO} its location's scheme names.
 */
class FileTargetProtocolTest {

    static final AssetDefinition EVENTS = AssetDefinition.of("events", List.of(
            FieldSpec.of("id", DataType.LONG, true), FieldSpec.of("region", DataType.STRING, false)));
    static final Instant STARTED = Instant.parse("2026-11-02T10:00:00Z");

    @TempDir
    Path dir;
    private Storage.Root root;
    private FileIO io;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    static TargetConfig target(Path root, String mode, List<String> partitioning, Map<String, Object> options) {
        return new TargetConfig("local", null, Map.of("path", root.resolve("out").toString()), Map.of(), Map.of(),
                "parquet", "snappy", partitioning, 128, mode, options, root.toString());
    }

    /** The target under the test's storage root: a local directory or a {@code mem://} bucket. */
    private TargetConfig target(String mode, List<String> partitioning, Map<String, Object> options) {
        return new TargetConfig("local", null, Map.of("path", root.location("out")), Map.of(), Map.of(), "parquet",
                "snappy", partitioning, 128, mode, options, dir.toString());
    }

    /** Runs the test on {@code storage}: its root, and the {@code FileIO} that serves it. */
    private void use(Storage storage) {
        root = storage.root(dir);
        io = storage == Storage.LOCAL ? new LocalFileIO() : InMemoryFileIO.shared();
    }

    static WriteContext context(TargetConfig target, String runId, BufferAllocator allocator) {
        return TestWriteContext.builder(allocator, EVENTS, target).outputBase(OutputLayout.outputBase(target, EVENTS))
                .tenantId("acme").runId(runId).runStartedAt(STARTED).build();
    }

    static FileTargetWriter open(TargetConfig target, String runId, BufferAllocator allocator) {
        FileTargetWriter w = new FileTargetWriter();
        w.open(context(target, runId, allocator));
        return w;
    }

    /** Rows {@code from..to} with a null region every tenth row. */
    static VectorSchemaRoot batch(BufferAllocator allocator, int from, int to) {
        VectorSchemaRoot root = VectorSchemaRoot.create(EVENTS.arrowSchema(), allocator);
        root.allocateNew();
        for (int i = from; i < to; i++) {
            ((BigIntVector) root.getVector("id")).setSafe(i - from, i);
            if (i % 10 != 0) {
                ((VarCharVector) root.getVector("region")).setSafe(i - from,
                        (i % 2 == 0 ? "eu" : "us").getBytes(StandardCharsets.UTF_8));
            }
        }
        root.setRowCount(to - from);
        return root;
    }

    static List<WriteFragment> stage(FileTargetWriter w, String split, int attempt, BufferAllocator allocator,
                                     int from, int to) throws Exception {
        try (SplitWriter s = w.newSplitWriter(split, attempt); VectorSchemaRoot b = batch(allocator, from, to)) {
            s.write(b);
            return s.finish();
        }
    }

    private RunCommit commit(String runId, Instant at, long position) {
        return new RunCommit("acme", "events_job", runId, at, Map.of("events", Map.of("position", position)));
    }

    private Path table() {
        return dir.resolve("out/events");
    }

    private String tableLocation() {
        return root.location("out/events");
    }

    /** The visible files of the table on the test's storage, relative to it. */
    private List<String> visible() throws Exception {
        String prefix = tableLocation() + "/";
        return io.list(tableLocation()).stream().map(e -> e.location().substring(prefix.length())).sorted().toList();
    }

    /** The files staged and not yet published under the table, on the test's storage. */
    private List<String> pending() throws Exception {
        return io.listPending(tableLocation()).stream().map(PendingFile::location).toList();
    }

    /** Count and distinct ids of the visible Parquet files. */
    private List<List<Object>> rows() throws Exception {
        Path local = table();
        if (root != null && root.local() == null) {
            local = dir.resolve("copy-" + System.nanoTime());
            for (String f : visible()) {
                if (f.endsWith(".parquet") && !f.startsWith(".")) {
                    Path copy = local.resolve(f);
                    Files.createDirectories(copy.getParent());
                    try (InputStream in = io.newInputFile(tableLocation() + "/" + f).newStream()) {
                        Files.write(copy, in.readAllBytes());
                    }
                }
            }
        }
        if (!Files.exists(local) || filesUnder(local).stream().noneMatch(p -> p.endsWith(".parquet"))) {
            return List.of(List.of(0L, 0L));
        }
        return duckdb("SELECT count(*), count(DISTINCT id) FROM read_parquet('" + local + "/**/*.parquet')");
    }

    /** Stages rows in a JVM of its own and prints the fragments as JSON: {@code args} are the root and run id. */
    public static void main(String[] args) throws Exception {
        try (BufferAllocator allocator = new RootAllocator()) {
            FileTargetWriter w = open(target(Path.of(args[0]), "append", List.of("region"), Map.of()), args[1],
                    allocator);
            List<WriteFragment> fragments = stage(w, "s7", 1, allocator, 0, 1000);
            w.close();
            System.out.println(Fragments.toJson(fragments));
        }
    }

    @Test
    void fragmentsCarryTheirFilesPartitionsAndColumnStatistics() throws Exception {
        FileTargetWriter w = open(target(dir, "append", List.of("ingest_date", "region"), Map.of()), "r1", allocator);
        List<WriteFragment> fragments = stage(w, "s1", 1, allocator, 0, 1000);
        assertThat(fragments).extracting(f -> f.partition().get("region"))
                .containsExactlyInAnyOrder("eu", "us", FileSplitWriter.NULL_PARTITION);
        assertThat(fragments).allSatisfy(f -> {
            assertThat(f.partition()).containsEntry("ingest_date", "2026-11-02");
            assertThat(Path.of(f.location()).getFileName().toString()).matches("part-r1-s1-a1-\\d{5}\\.parquet");
            assertThat(Path.of(f.location())).as("invisible until committed").doesNotExist();
        });
        WriteFragment eu = fragments.stream().filter(f -> "eu".equals(f.partition().get("region"))).findFirst()
                .orElseThrow();
        assertThat(eu.records()).isEqualTo(400);
        assertThat(eu.columns().get("id")).satisfies(s -> {
            assertThat(s.valueCount()).isEqualTo(400);
            assertThat(s.nullCount()).isZero();
            assertThat(s.lower()).isEqualTo(2L);
            assertThat(s.upper()).isEqualTo(998L);
        });
        WriteFragment nulls = fragments.stream()
                .filter(f -> FileSplitWriter.NULL_PARTITION.equals(f.partition().get("region"))).findFirst()
                .orElseThrow();
        assertThat(nulls.columns().get("region")).isEqualTo(new ColumnStats(100, 100,
                nulls.columns().get("region").sizeBytes(), null, null));
        assertThat(Fragments.fromJson(Fragments.toJson(fragments))).as("JSON keeps every value").isEqualTo(fragments);

        w.committer().commit(fragments, commit("r1", Instant.now(), 1));
        w.close();
        assertThat(eu.bytes()).isEqualTo(Files.size(Path.of(eu.location())));
        assertThat(duckdb("SELECT sum(total_compressed_size)::BIGINT, min(stats_min_value), max(stats_max_value) FROM "
                + "parquet_metadata('" + eu.location() + "') WHERE path_in_schema = 'id'"))
                .containsExactly(List.of(eu.columns().get("id").sizeBytes(), "2", "998"));
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void aCommitterThatNeverSawTheWritersCommitsOnceHoweverOftenItIsAsked(Storage storage) throws Exception {
        use(storage);
        TargetConfig t = target("append", List.of(), Map.of());
        FileTargetWriter a = open(t, "r1", allocator);
        FileTargetWriter b = open(t, "r1", allocator);
        List<WriteFragment> fragments = new ArrayList<>(stage(a, "s1", 1, allocator, 0, 500));
        fragments.addAll(stage(b, "s2", 1, allocator, 500, 1000));
        a.close();
        b.close();
        assertThat(rows()).containsExactly(List.of(0L, 0L));

        FileTargetWriter fresh = open(t, "r1", allocator);
        Committer committer = fresh.committer();
        CommitSummary summary = committer.commit(fragments, commit("r1", Instant.now(), 1));
        assertThat(summary.recordsCommitted()).isEqualTo(1000);
        assertThat(rows()).containsExactly(List.of(1000L, 1000L));
        open(t, "r1", allocator).committer().commit(fragments, commit("r1", Instant.now(), 1));
        assertThat(rows()).as("committing again adds nothing").containsExactly(List.of(1000L, 1000L));
        assertThat(visible()).filteredOn(p -> p.contains("/manifests/")).hasSize(2);
        assertThat(pending()).isEmpty();
        assertThat(visible()).noneMatch(p -> p.contains("r1/"));
        fresh.close();
    }

    @Test
    void fragmentsStagedInAnotherProcessAreCommittedHere() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), ArrowSupport.FLAG, "-cp",
                System.getProperty("java.class.path"), FileTargetProtocolTest.class.getName(), dir.toString(), "r9")
                .redirectError(dir.resolve("child.log").toFile()).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
        String json = out.lines().filter(l -> l.startsWith("[")).reduce((x, y) -> y).orElseThrow();
        List<WriteFragment> fragments = Fragments.fromJson(json);
        assertThat(fragments).hasSize(3).allSatisfy(f -> assertThat(f.splitId()).isEqualTo("s7"));
        assertThat(rows()).containsExactly(List.of(0L, 0L));

        TargetConfig t = target(dir, "append", List.of("region"), Map.of());
        FileTargetWriter parent = open(t, "r9", allocator);
        parent.committer().commit(fragments, commit("r9", Instant.now(), 1));
        parent.close();
        assertThat(rows()).containsExactly(List.of(1000L, 1000L));
        assertThat(filesUnder(table())).noneMatch(p -> p.contains(".dativo-pending") || p.contains("lease.json"));
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void twoAttemptsOfOneSplitNeverCollideAndOnlyTheCommittedOneIsVisible(Storage storage) throws Exception {
        use(storage);
        TargetConfig t = target("append", List.of(), Map.of());
        FileTargetWriter w = open(t, "r1", allocator);
        List<WriteFragment> first = stage(w, "s1", 1, allocator, 0, 1000);
        List<WriteFragment> second = stage(w, "s1", 2, allocator, 0, 1000);
        assertThat(first.get(0).location()).isNotEqualTo(second.get(0).location()).endsWith("-s1-a1-00001.parquet");
        assertThat(second.get(0).location()).endsWith("-s1-a2-00001.parquet");
        w.committer().abort(List.of());
        assertThat(rows()).containsExactly(List.of(0L, 0L));

        FileTargetWriter again = open(t, "r2", allocator);
        List<WriteFragment> a1 = stage(again, "s1", 1, allocator, 0, 1000);
        List<WriteFragment> a2 = stage(again, "s1", 2, allocator, 0, 1000);
        again.committer().commit(a2, commit("r2", Instant.now(), 1));
        again.committer().abort(a1);
        again.close();
        w.close();
        assertThat(rows()).containsExactly(List.of(1000L, 1000L));
        assertThat(visible()).filteredOn(p -> p.endsWith(".parquet"))
                .singleElement().asString().endsWith("part-r2-s1-a2-00001.parquet");
        assertThat(pending()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void overwriteReplacesVisibleDataButNotRejectsOrHiddenFiles(Storage storage) throws Exception {
        use(storage);
        TargetConfig append = target("append", List.of("region"), Map.of());
        FileTargetWriter w = open(append, "r1", allocator);
        w.committer().commit(stage(w, "s1", 1, allocator, 0, 1000), commit("r1", Instant.now(), 1));
        w.close();
        root.write("out/events/_rejects/old.jsonl", "{}\n");
        root.write("out/events/.keep", "");
        FileTargetWriter o = open(target("overwrite", List.of(), Map.of()), "r2", allocator);
        o.committer().commit(stage(o, "s1", 1, allocator, 5000, 5010), commit("r2", Instant.now(), 2));
        o.close();
        assertThat(rows()).containsExactly(List.of(10L, 10L));
        assertThat(visible()).contains("_rejects/old.jsonl", ".keep")
                .noneMatch(p -> p.startsWith("region="));
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void lastCommitIsTheNewestEvenWithinOneSecondAndWithoutItsPointer(Storage storage) throws Exception {
        use(storage);
        TargetConfig t = target("append", List.of(), Map.of("manifests_kept", 2));
        Instant second = Instant.parse("2026-11-02T10:00:01Z");
        for (int run = 1; run <= 3; run++) {
            FileTargetWriter w = open(t, "run-" + run, allocator);
            w.committer().commit(stage(w, "s", 1, allocator, run * 10, run * 10 + 10),
                    commit("run-" + run, second.plusMillis(run), run));
            w.close();
        }
        Committer c = open(t, "reader", allocator).committer();
        assertThat(c.lastCommit("acme", "events_job")).hasValueSatisfying(r -> {
            assertThat(r.runId()).isEqualTo("run-3");
            assertThat(r.states()).isEqualTo(Map.of("events", Map.of("position", 3)));
        });
        assertThat(c.lastCommit("acme", "other_job")).isEmpty();
        String manifests = ".dativo-staging/manifests/acme/events_job/";
        assertThat(visible()).filteredOn(f -> f.startsWith(manifests)).as("two kept, and the pointer")
                .containsExactly(manifests + "1793613601002-run-2.json", manifests + "1793613601003-run-3.json",
                        manifests + "latest.json");
        io.delete(tableLocation() + "/" + manifests + "latest.json");
        assertThat(c.lastCommit("acme", "events_job")).hasValueSatisfying(r -> assertThat(r.runId())
                .isEqualTo("run-3"));
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void aRunWithNothingToWriteLeavesNoFolder(Storage storage) throws Exception {
        use(storage);
        FileTargetWriter w = open(target("append", List.of(), Map.of()), "r1", allocator);
        try (SplitWriter s = w.newSplitWriter("whole", 1)) {
            assertThat(s.finish()).isEmpty();
        }
        w.committer().recover();
        w.close();
        assertThat(io.list(root.location("out"))).isEmpty();
        assertThat(io.listPending(root.location("out"))).isEmpty();
        if (root.local() != null) {
            assertThat(root.local().resolve("out")).doesNotExist();
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void recoveryCompletesADeadRunsCommitAndDiscardsItsStagingButLeavesALiveRunAlone(Storage storage) throws Exception {
        use(storage);
        TargetConfig t = target("append", List.of(), Map.of());
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").start();
        gone.waitFor();
        long deadPid = gone.pid();

        FileTargetWriter decided = open(t, "dead-decided", allocator);
        List<WriteFragment> decidedFragments = stage(decided, "s", 1, allocator, 0, 100);
        decided.close();
        FileTargetWriter crashing = open(t, "dead-decided", allocator);
        crashing.commitHook = () -> {
            throw new Crash();
        };
        try {
            crashing.committer().commit(decidedFragments, commit("dead-decided", Instant.now(), 1));
        } catch (Crash expected) {
            // the commit is decided: its pending manifest is written and its files are published
        }
        crashing.committer().abort(decidedFragments);
        crashing.close();
        FileTarget target = decided.target();

        FileTargetWriter staged = open(t, "dead-staged", allocator);
        stage(staged, "s", 1, allocator, 100, 200);
        staged.close();
        markDead(io, target, "dead-staged", deadPid);

        FileTargetWriter expired = open(t, "expired", allocator);
        stage(expired, "s", 1, allocator, 200, 300);
        expired.close();
        RunLease.writeJson(io, target.lease("expired"), new RunLease.Info("expired", "elsewhere", 1,
                Instant.EPOCH, Instant.now().minusSeconds(3600), 60).toMap());

        FileTargetWriter live = open(t, "live", allocator);
        List<WriteFragment> liveFragments = stage(live, "s", 1, allocator, 300, 400);

        List<String> done = open(t, "next", allocator).committer().recover();
        assertThat(done).contains("completed the commit of run dead-decided");
        assertThat(rows()).as("the decided commit, complete").containsExactly(List.of(100L, 100L));
        List<String> left = visible();
        assertThat(pending()).as("only the live run's staging").singleElement().asString().contains("part-live-");
        assertThat(left).filteredOn(p -> p.startsWith(".dativo-staging/") && !p.contains("/manifests/"))
                .containsExactly(".dativo-staging/live/lease.json");
        assertThat(open(t, "x", allocator).committer().lastCommit("acme", "events_job"))
                .hasValueSatisfying(r -> assertThat(r.runId()).isEqualTo("dead-decided"));

        live.committer().commit(liveFragments, commit("live", Instant.now(), 2));
        live.close();
        assertThat(rows()).containsExactly(List.of(200L, 200L));
        assertThat(pending()).isEmpty();
        assertThat(visible()).noneMatch(p -> p.contains("lease.json"));
    }

    /** A crash that no handler in the committer treats as an ordinary error. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash");
        }
    }

    /** Rewrites a run's lease as taken on this host by a process that has exited. */
    private static void markDead(FileIO io, FileTarget target, String run, long pid) throws Exception {
        RunLease.writeJson(io, target.lease(run), new RunLease.Info(run, RunLease.HOST, pid, Instant.now(),
                Instant.now(), 600).toMap());
    }
}
