package io.dativo.examples.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseWriter;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.RunCommit;
import io.dativo.api.SplitWriter;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteFragment;
import io.dativo.testkit.Records;
import io.dativo.testkit.TestWriteContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest log: one version per run, numbers taken once, the state kept with its types, abort sparing commits. */
class TableManifestTest {

    static final AssetDefinition SQUARES = AssetDefinition.of("squares", List.of(
            FieldSpec.of("n", DataType.LONG, true)));

    @TempDir
    Path dir;

    private TargetConfig target() {
        return TargetConfig.builder("tsv-manifest").connection(Map.of("path", "out")).baseDir(dir.toString()).build();
    }

    /** Run {@code run} stages {@code rows} numbers in one split and returns its fragments. */
    private List<WriteFragment> stage(RootAllocator allocator, String run, int rows) throws Exception {
        try (BaseWriter writer = new TextManifestWriter()) {
            writer.open(TestWriteContext.builder(allocator, SQUARES, target()).runId(run).build());
            try (SplitWriter split = writer.newSplitWriter("s1", 1); VectorSchemaRoot batch = Records.batch(
                    allocator, SQUARES, LongStream.rangeClosed(1, rows)
                            .mapToObj(n -> Map.<String, Object>of("n", n)).toList())) {
                split.write(batch);
                return split.finish();
            }
        }
    }

    private static RunCommit run(String id, long cursor) {
        return new RunCommit("acme", "squares-job", id, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(cursor),
                Map.of("squares", Map.of("cursor", cursor, "file", "a.csv")));
    }

    private BaseWriter opened(RootAllocator allocator) throws Exception {
        BaseWriter writer = new TextManifestWriter();
        writer.open(TestWriteContext.builder(allocator, SQUARES, target()).runId("committer").build());
        return writer;
    }

    @Test
    void eachRunIsOneVersionAndTheLastCommitKeepsItsStateTyped() throws Exception {
        try (RootAllocator allocator = new RootAllocator(); BaseWriter writer = opened(allocator)) {
            writer.committer().commit(stage(allocator, "r1", 3), run("r1", 3));
            // Another committer took version 2 while this run was staging: the commit goes to version 3.
            Files.writeString(dir.resolve("out/_manifest/00000002.tsv"), String.join("\n", "run\tother\tacme\t"
                    + "other-job\t2026-01-01T00:00:00Z", "state\tAA==", "file\tpart-other.tsv\t0"));
            List<WriteFragment> second = stage(allocator, "r2", 4);
            assertThat(writer.committer().commit(second, run("r2", 7)).details()).containsEntry("version", "3");
            assertThat(writer.committer().commit(second, run("r2", 7)).details()).containsEntry("repeated", "true");
            assertThat(dir.resolve("out/_manifest/00000003.tsv")).content().startsWith("run\tr2\t");
            assertThat(writer.committer().lastCommit("acme", "squares-job")).hasValueSatisfying(c -> {
                assertThat(c.runId()).isEqualTo("r2");
                assertThat(c.states()).isEqualTo(Map.of("squares", Map.of("cursor", 7L, "file", "a.csv")));
            });
            assertThat(writer.committer().lastCommit("acme", "no-such-job")).isEmpty();
            assertThat(new TableManifest(dir.resolve("out")).committedFiles()).extracting(p -> p.getFileName()
                    .toString()).containsExactly("part-r1-s1-1.tsv", "part-other.tsv",
                    "part-r2-s1-1.tsv");
        }
    }

    @Test
    void abortSparesFilesAVersionLists() throws Exception {
        try (RootAllocator allocator = new RootAllocator(); BaseWriter writer = opened(allocator)) {
            List<WriteFragment> committed = stage(allocator, "r1", 2);
            writer.committer().commit(committed, run("r1", 2));
            List<WriteFragment> dropped = stage(allocator, "r2", 2);
            writer.committer().abort(committed);
            writer.committer().abort(dropped);
            assertThat(Path.of(committed.get(0).location())).exists();
            assertThat(Path.of(dropped.get(0).location())).doesNotExist();
        }
    }
}
