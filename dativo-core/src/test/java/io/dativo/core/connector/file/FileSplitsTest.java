package io.dativo.core.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitPlan;
import io.dativo.core.connector.file.Reads.Read;
import io.dativo.testkit.TestReadContext;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.core.state.FileWatermark;
import io.dativo.core.testing.Storage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** File readers plan splits by size, and the splits read exactly what one whole read does. */
@ParameterizedClass(name = "{0}")
@EnumSource(Storage.class)
class FileSplitsTest {

    @Parameter
    Storage storage;
    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();
    Storage.Root root;

    static final AssetDefinition ASSET = AssetDefinition.of("t", List.of(FieldSpec.of("id", DataType.LONG, true),
            FieldSpec.of("name", DataType.STRING, false)));
    static final IncrementalSpec BY_MODIFIED_TIME = new IncrementalSpec("file_modified_time", null, 0, null);

    @BeforeEach
    void root() {
        root = storage.root(dir);
    }

    private TestReadContext context(long targetSplitBytes) {
        return TestReadContext.builder(allocator, ASSET).batchSize(50).runId("test").targetSplitBytes(targetSplitBytes)
                .build();
    }

    /** Reads each split with a fresh reader, as the pipeline does; the splits' rows in plan order. */
    private List<List<String>> readSplits(SourceConfig source, SplitPlan plan, List<Map<String, Object>> proposals)
            throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (ReadSplit split : plan.splits()) {
            TestReadContext c = context(0).withSplit(split);
            rows.addAll(Reads.read(new CsvReader(), source, c).rows());
            proposals.addAll(c.proposedStates().values());
        }
        return rows;
    }

    @Test
    void aThousandSmallFilesMakeAHandfulOfSplitsThatReadWhatAWholeReadDoes() throws Exception {
        long total = 0;
        for (int f = 0; f < 1000; f++) {
            StringBuilder csv = new StringBuilder("id,name\n");
            for (int r = 0; r < 3; r++) {
                csv.append(f * 10 + r).append(",file ").append(f).append('\n');
            }
            total += csv.length();
            root.write("in/%04d.csv".formatted(f), csv.toString());
        }
        SourceConfig source = Reads.source("csv", root.base(), Map.of(), "in/*.csv");
        long target = 8 << 10;
        SplitPlan plan = Reads.plan(new CsvReader(), source, context(target));
        assertThat(plan.splits()).hasSizeBetween((int) (total / target), (int) (total / target) + 2);
        assertThat(plan.splits()).extracting(ReadSplit::id).doesNotHaveDuplicates();
        assertThat(plan.state()).as("not incremental").isEmpty();

        Read whole = Reads.read(new CsvReader(), source, context(target));
        assertThat(whole.rows()).hasSize(3000);
        assertThat(readSplits(source, plan, new ArrayList<>())).isEqualTo(whole.rows());
    }

    @Test
    void aFileLargerThanTheTargetIsCutIntoSplitsOfItsOwnWhileSmallFilesShare() throws Exception {
        root.write("in/a.csv", "id,name\n1,a\n");
        root.write("in/b.csv", "id,name\n" + "2,bbbbbbbbbb\n".repeat(100));
        root.write("in/c.csv", "id,name\n3,c\n");
        root.write("in/d.csv", "id,name\n4,d\n");
        SourceConfig source = Reads.source("csv", root.base(), Map.of(), "in/*.csv");
        SplitPlan plan = Reads.plan(new CsvReader(), source, context(100));
        List<List<String>> labels = plan.splits().stream()
                .map(s -> FileSplits.parts(s).stream().map(p -> p.file().label()).toList()).toList();
        assertThat(labels).hasSize(15).startsWith(List.of("in/a.csv")).endsWith(List.of("in/c.csv", "in/d.csv"));
        assertThat(labels.subList(1, 14)).containsOnly(List.of("in/b.csv"));
        assertThat(plan.splits().subList(1, 14)).allSatisfy(s -> assertThat(FileSplits.parts(s)).singleElement()
                .satisfies(p -> assertThat(p.isWhole()).isFalse()));
        assertThat(readSplits(source, plan, new ArrayList<>())).hasSize(103);
    }

    @Test
    void anIncrementalPlanCoversThePositionAWholeReadWouldSave() throws Exception {
        for (int f = 0; f < 6; f++) {
            root.write("in/p%d.csv".formatted(f), "id,name\n" + f + ",x\n");
            root.touch("in/p%d.csv".formatted(f), Instant.parse("2025-01-0%dT00:00:00Z".formatted(f + 1)));
        }
        SourceConfig source = Reads.source("csv", root.base(), Map.of(), BY_MODIFIED_TIME, "in/*.csv");
        TestReadContext wholeRun = context(30);
        Reads.read(new CsvReader(), source, wholeRun);
        Map<String, Map<String, Object>> saved = wholeRun.proposedStates();
        assertThat(saved).containsOnlyKeys("p0", "p1", "p2", "p3", "p4", "p5");

        SplitPlan plan = Reads.plan(new CsvReader(), source, context(30));
        assertThat(plan.splits()).hasSizeGreaterThan(1);
        assertThat(plan.state()).isEqualTo(saved);
        List<Map<String, Object>> proposals = new ArrayList<>();
        assertThat(readSplits(source, plan, proposals)).hasSize(6);
        Map<String, Object> merged = new HashMap<>();
        for (Map<String, Object> p : proposals) {
            merged = new CsvReader().mergeState("p", merged, p);
        }
        Map<String, Object> expected = new HashMap<>();
        for (Map<String, Object> s : saved.values()) {
            expected = new CsvReader().mergeState("p", expected, s);
        }
        assertThat(merged).as("the splits' proposals merge to the plan's state").isEqualTo(expected);

        TestReadContext.Builder committed = context(30).toBuilder();
        plan.state().forEach(committed::committedState);
        TestReadContext next = committed.build();
        assertThat(Reads.plan(new CsvReader(), source, next).splits()).as("nothing new").isEmpty();
        root.touch("in/p3.csv", Instant.parse("2025-02-01T00:00:00Z"));
        SplitPlan changed = Reads.plan(new CsvReader(), source, next);
        assertThat(changed.splits()).singleElement().satisfies(s -> assertThat(FileSplits.parts(s))
                .extracting(p -> p.file().label()).containsExactly("in/p3.csv"));
        assertThat(changed.state()).containsOnlyKeys("p3");
        assertThat(changed.state().get("p3")).isEqualTo(Map.of(FileWatermark.WATERMARK, "2025-02-01T00:00:00Z",
                FileWatermark.AT_WATERMARK, List.of(root.location("in/p3.csv"))));
    }
}
