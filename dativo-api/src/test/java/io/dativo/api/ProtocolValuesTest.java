package io.dativo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.io.PendingFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

class ProtocolValuesTest {

    private static final BaseReader READER = (BaseReader) java.lang.reflect.Proxy.newProxyInstance(
            BaseReader.class.getClassLoader(), new Class<?>[]{BaseReader.class}, (proxy, m, args) -> {
                if (m.isDefault()) {
                    return java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args);
                }
                throw new UnsupportedOperationException(m.getName());
            });

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void splitsPendingFilesAndFragmentsSurviveSerialisationUnchanged() throws Exception {
        ReadSplit split = new ReadSplit("s-3", Map.of("files", "a.csv,b.csv"));
        PendingFile pending = new PendingFile("/lake/x/part-1.parquet", 42, Map.of("staged", "/lake/x/.p"));
        WriteFragment fragment = new WriteFragment(WriteFragment.Kind.DATA, "s-3", 2, pending.location(), pending, 7,
                42, Map.of("ingest_date", "2026-11-29"),
                Map.of("id", new ColumnStats(7, 1, 30, 1L, 9L)), Map.of("format", "parquet"));
        assertThat(roundTrip(split)).isEqualTo(split);
        assertThat(roundTrip(pending)).isEqualTo(pending);
        assertThat(roundTrip(fragment)).isEqualTo(fragment);
        assertThat(ReadSplit.whole().isWhole()).isTrue();
        assertThat(split.isWhole()).isFalse();
    }

    @Test
    void valuesCannotBeChangedThroughTheMapsTheyWereBuiltFrom() {
        Map<String, String> props = new HashMap<>(Map.of("k", "v"));
        ReadSplit split = new ReadSplit("1", props);
        props.put("k", "changed");
        assertThat(split.property("k")).isEqualTo("v");
        assertThatThrownBy(() -> split.properties().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        Map<String, Object> state = new HashMap<>(Map.of("cursor", 5L));
        SplitPlan plan = new SplitPlan(List.of(split), Map.of("orders", state));
        state.put("cursor", 6L);
        assertThat(plan.state().get("orders")).containsEntry("cursor", 5L);
    }

    @Test
    void defaultStateMergeUnitesFileMapsAndKeepsTheHighestCursor() {
        Map<String, Object> left = Map.of("files", Map.of("a.csv", "2026-01-01T00:00:00Z"), "cursor", 10L,
                "note", "left");
        Map<String, Object> right = Map.of("files", Map.of("b.csv", "2026-01-02T00:00:00Z"), "cursor", 7L,
                "note", "right");
        Map<String, Object> merged = READER.mergeState("orders", left, right);
        assertThat(merged.get("files")).isEqualTo(Map.of("a.csv", "2026-01-01T00:00:00Z",
                "b.csv", "2026-01-02T00:00:00Z"));
        assertThat(merged).containsEntry("cursor", 10L).containsEntry("note", "right");
        assertThat(READER.mergeState("orders", right, left)).containsEntry("cursor", 10L);
    }

    @Test
    void errorKindsFollowTheExceptionType() {
        assertThat(new RetryableException("x", null).kind()).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(new SourceDataException("f.csv:3", "bad").kind()).isEqualTo(ErrorKind.SOURCE_DATA);
        assertThat(new DativoException("x").kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(new DativoException(ErrorKind.TARGET, "x", null).kind()).isEqualTo(ErrorKind.TARGET);
    }

    /** A writer written against the one-object protocol, as plugins of earlier versions are. */
    private static final class OneObject implements BaseWriter {
        final List<String> calls = new ArrayList<>();
        RunCommit committed;

        @Override
        public List<FileMetadata> writeBatch(VectorSchemaRoot batch, int fileCounter) {
            calls.add("write " + fileCounter + " " + batch.getRowCount());
            return List.of(new FileMetadata("f" + fileCounter, 10, batch.getRowCount(), Map.of(), Map.of()));
        }

        @Override
        public List<FileMetadata> finish() {
            calls.add("finish");
            return List.of();
        }

        @Override
        public boolean supportsRejects() {
            return true;
        }

        @Override
        public List<FileMetadata> writeRejects(List<RejectedRecord> rejects) {
            calls.add("rejects " + rejects.size());
            return List.of(new FileMetadata("r", 5, rejects.size(), Map.of(), Map.of()));
        }

        @Override
        public CommitSummary commitFiles(List<FileMetadata> files, RunCommit commit) {
            calls.add("commit " + files.size());
            committed = commit;
            return CommitSummary.of(files);
        }

        @Override
        public Optional<RunCommit> lastCommit(String tenantId, String job) {
            return Optional.ofNullable(committed);
        }

        @Override
        public void abort() {
            calls.add("abort");
        }
    }

    @Test
    void aOneObjectWriterIsAdaptedToSplitWriterAndCommitter() throws Exception {
        OneObject writer = new OneObject();
        assertThat(writer.stagesIndependently()).isFalse();
        List<WriteFragment> fragments;
        try (RootAllocator alloc = new RootAllocator();
             BigIntVector ids = new BigIntVector("id", alloc)) {
            ids.allocateNew(3);
            ids.setValueCount(3);
            try (VectorSchemaRoot root = VectorSchemaRoot.of(ids)) {
                root.setRowCount(3);
                SplitWriter split = writer.newSplitWriter("s1", 1);
                split.write(root);
                split.write(root);
                split.writeRejects(List.of(new RejectedRecord("x.csv:2", Map.of("id", "1"), Map.of("id", "bad"))));
                fragments = split.finish();
            }
        }
        assertThat(fragments).extracting(WriteFragment::kind).containsExactly(WriteFragment.Kind.DATA,
                WriteFragment.Kind.DATA, WriteFragment.Kind.REJECTS);
        assertThat(fragments).extracting(WriteFragment::splitId).containsOnly("s1");
        RunCommit commit = new RunCommit("t", "job", "run-1", Instant.EPOCH, Map.of("o", Map.of("k", 1)));
        Committer committer = writer.committer();
        assertThat(committer.commit(fragments, commit).recordsCommitted()).isEqualTo(7);
        assertThat(committer.lastCommit("t", "job")).contains(commit);
        committer.abort(List.of());
        assertThat(writer.calls).containsExactly("write 1 3", "write 2 3", "rejects 1", "finish", "commit 3",
                "abort");
    }
}
