package io.dativo.core.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitPlan;
import io.dativo.api.StateKey;
import io.dativo.api.StateRecord;
import io.dativo.api.TargetConfig;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.internal.Json;
import io.dativo.core.state.FileWatermark;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.core.testing.Storage;
import io.dativo.core.testing.TestSupport;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.testkit.TestReadContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Incremental runs of a file source whose position is a watermark, on the local disk and on an in-memory storage:
 * which files each run reads at the edges of the watermark, the upgrade from a per-file position, the merge of a
 * plan's splits, a position that keeps its size while files arrive by the thousand, and a position that moves only
 * with a commit. Each file holds one record naming it, so the output tells which files were read and how often.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Storage.class)
class WatermarkRunsTest {

    @Parameter
    Storage storage;
    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    private static final AssetDefinition EVENTS = AssetDefinition.of("events", List.of(
            FieldSpec.of("id", DataType.LONG, true), FieldSpec.of("name", DataType.STRING, true)));
    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");
    private static final StateKey KEY = new StateKey("acme", "events_job", "events");

    private Storage.Root root;
    private InMemoryStateStore store;
    private int written;

    @BeforeEach
    void setUp() {
        root = storage.root(dir.resolve("src"));
        store = new InMemoryStateStore();
    }

    /** Writes {@code in/NAME.csv} holding one record named {@code name}, modified at {@code modified}. */
    private String put(String name, Instant modified) {
        root.write("in/" + name + ".csv", "id,name\n" + written++ + "," + name + "\n");
        root.touch("in/" + name + ".csv", modified);
        return root.location("in/" + name + ".csv");
    }

    private SourceConfig source(int lookbackDays) {
        return new SourceConfig("csv", null, Map.of(), Map.of(), List.of(), List.of(), null,
                List.of(new FileSpec("in/*.csv", "events", null)),
                new IncrementalSpec("file_modified_time", null, lookbackDays, null), Map.of(), root.base());
    }

    private Pipeline.Builder pipeline() {
        return Pipeline.builder().name("events_job").tenant("acme").asset(EVENTS).source(source(0))
                .target(TargetConfig.local(dir.resolve("out").toString(), "csv", List.of())).stateStore(store)
                .allocator(allocator);
    }

    /** The names a run read, in order. */
    private List<String> run(Pipeline.Builder pipeline) throws Exception {
        List<String> before = output();
        RunResult r = pipeline.build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        List<String> after = new ArrayList<>(output());
        before.forEach(after::remove);
        assertThat(r.recordsRead()).isEqualTo(after.size());
        return after;
    }

    /** Every name in the committed output, once per time it was written. */
    private List<String> output() throws Exception {
        List<String> names = new ArrayList<>();
        for (String f : TestSupport.filesUnder(dir.resolve("out"))) {
            if (f.endsWith(".csv") && !("/" + f).contains("/.") && !("/" + f).contains("/_")) {
                Files.readAllLines(dir.resolve("out").resolve(f)).stream().skip(1)
                        .map(l -> l.substring(l.indexOf(',') + 1))
                        .forEach(names::add);
            }
        }
        return names.stream().sorted().toList();
    }

    private Map<String, Object> stored() {
        return store.load(KEY).orElseThrow().values();
    }

    private static Map<String, Object> mark(Instant at, String... locations) {
        return new FileWatermark(at, new TreeSet<>(List.of(locations))).toState();
    }

    @Test
    void filesSharingTheWatermarkAreEachReadOnceWhenTheyArrive() throws Exception {
        String a = put("a", T);
        String b = put("b", T);
        assertThat(run(pipeline())).containsExactly("a", "b");
        assertThat(stored()).isEqualTo(mark(T, a, b));

        String c = put("c", T);
        assertThat(run(pipeline())).as("a file at the watermark that it does not name").containsExactly("c");
        assertThat(stored()).isEqualTo(mark(T, a, b, c));
        assertThat(run(pipeline())).isEmpty();

        String d = put("d", T.plusMillis(1));
        assertThat(run(pipeline())).containsExactly("d");
        assertThat(stored()).as("a later time starts the boundary again").isEqualTo(mark(T.plusMillis(1), d));
        assertThat(output()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aFileRewrittenWithALaterTimeIsReadAgainAndOneAppearingBeforeTheWatermarkIsNot() throws Exception {
        put("a", T);
        put("b", T.plusSeconds(3600));
        assertThat(run(pipeline())).containsExactly("a", "b");

        String a = put("a", T.plusSeconds(7200));
        assertThat(run(pipeline())).as("rewritten, with a later time").containsExactly("a");
        assertThat(stored()).isEqualTo(mark(T.plusSeconds(7200), a));

        put("late", T.plusSeconds(60));
        assertThat(run(pipeline())).as("older than the watermark: taken as read").isEmpty();
        assertThat(run(pipeline().source(source(1)))).as("unless lookback_days reaches back to it")
                .containsExactly("a", "b", "late");
    }

    @Test
    void aPerFileStateOfAnEarlierVersionSelectsAsItDidAndIsReplacedByAWatermark() throws Exception {
        String a = put("a", T);
        put("b", T.minusSeconds(1800));
        put("c", T.minusSeconds(7200));
        String d = put("d", T);
        Map<String, Object> files = new TreeMap<>();
        files.put(a, T.toString());
        files.put(root.location("in/b.csv"), T.minusSeconds(3600).toString());
        files.put(root.location("in/gone.csv"), T.minusSeconds(9000).toString());
        store.save(List.of(new StateRecord(KEY, Map.of("files", files), "old", T, null)));

        assertThat(run(pipeline())).as("b was modified since, c and d were never read; a was")
                .containsExactly("b", "c", "d");
        assertThat(stored()).isEqualTo(mark(T, a, d));
        assertThat(run(pipeline())).isEmpty();

        InMemoryStateStore upgraded = new InMemoryStateStore();
        files.put(root.location("in/b.csv"), T.minusSeconds(1800).toString());
        files.put(root.location("in/c.csv"), T.minusSeconds(7200).toString());
        files.put(d, T.toString());
        upgraded.save(List.of(new StateRecord(KEY, Map.of("files", files), "old", T, null)));
        store = upgraded;
        assertThat(run(pipeline())).as("every file read before the upgrade").isEmpty();
        assertThat(stored()).as("a run with nothing new stores the position as a watermark")
                .isEqualTo(mark(T, a, d));
    }

    @Test
    void theWatermarkMovesOnlyWithTheCommitOfWhatItCovers() throws Exception {
        String a = put("a", T);
        run(pipeline());
        String b = put("b", T.plusSeconds(1));
        RunResult crashed = pipeline().writer(WriterFaults.afterPublishing(() -> {
            throw new Crash();
        })).build().run();
        assertThat(crashed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(stored()).as("the commit did not finish").isEqualTo(mark(T, a));
        assertThat(run(pipeline())).as("the next run finishes that commit, and its position with it").isEmpty();
        assertThat(stored()).isEqualTo(mark(T.plusSeconds(1), b));
        assertThat(output()).containsExactly("a", "b");
    }

    /** A process dying between publishing a file and finishing the commit. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash");
        }
    }

    @Test
    void theSplitsOfOnePlanMergeToThePositionThePlanCovers() throws Exception {
        String x = put("x", T);
        List<String> boundary = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String f = put("s" + i, i % 2 == 0 ? T.plusSeconds(9) : T.plusSeconds(i));
            if (i % 2 == 0) {
                boundary.add(f);
            }
        }
        TestReadContext committed = TestReadContext.builder(allocator, EVENTS).targetSplitBytes(16)
                .committedState("events", mark(T, x)).build();
        SplitPlan plan = Reads.plan(new CsvReader(), source(0), committed);
        assertThat(plan.splits()).as("one split per file").hasSize(6);
        assertThat(plan.state().get("events")).isEqualTo(mark(T.plusSeconds(9), boundary.toArray(String[]::new)));

        List<Map<String, Object>> proposals = new ArrayList<>();
        for (ReadSplit split : plan.splits()) {
            TestReadContext c = committed.withSplit(split);
            Reads.read(new CsvReader(), source(0), c);
            proposals.add(c.proposedState("events").orElseThrow());
        }
        CsvReader rule = new CsvReader();
        Map<String, Object> forward = proposals.get(0);
        Map<String, Object> backward = proposals.get(proposals.size() - 1);
        for (int i = 1; i < proposals.size(); i++) {
            forward = rule.mergeState("events", forward, proposals.get(i));
            backward = rule.mergeState("events", backward, proposals.get(proposals.size() - 1 - i));
        }
        assertThat(forward).isEqualTo(plan.state().get("events")).isEqualTo(backward);
    }

    @Test
    void thePositionKeepsItsSizeWhileFilesArriveByTheThousand() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 1000; i++) {
                put("r%d-%04d".formatted(round, i), T.plusSeconds(round * 1000L + i));
            }
            assertThat(run(pipeline())).hasSize(1000);
            sizes.add(Json.MAPPER.writeValueAsString(stored()).length());
        }
        assertThat(stored()).isEqualTo(mark(T.plusSeconds(2999), root.location("in/r2-0999.csv")));
        assertThat(sizes).as("bytes of the stored position after 1000, 2000 and 3000 files").containsOnly(sizes.get(0))
                .allSatisfy(n -> assertThat(n).isLessThan(300));
        assertThat(output()).hasSize(3000).doesNotHaveDuplicates();
    }
}
