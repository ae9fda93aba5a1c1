package io.dativo.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Adapts a one-object {@link BaseWriter} to the split writer and committer of the two-part protocol. The writer keeps
 * its staged output in its own memory, so every call goes to that one instance, one at a time.
 */
final class OneObjectWriter implements SplitWriter, Committer {

    private final BaseWriter writer;
    private final String splitId;
    private final int attempt;
    private final List<FileMetadata> files = new ArrayList<>();
    private int batches;

    OneObjectWriter(BaseWriter writer, String splitId, int attempt) {
        this.writer = writer;
        this.splitId = splitId;
        this.attempt = attempt;
    }

    @Override
    public void write(VectorSchemaRoot batch) throws Exception {
        synchronized (writer) {
            files.addAll(writer.writeBatch(batch, ++batches));
        }
    }

    @Override
    public void writeRejects(List<RejectedRecord> rejects) throws Exception {
        synchronized (writer) {
            for (FileMetadata f : writer.writeRejects(rejects)) {
                files.add(new FileMetadata(f.path(), f.sizeBytes(), f.recordCount(), f.partitionValues(),
                        Maps.with(f.extra(), "rejects", true)));
            }
        }
    }

    @Override
    public List<WriteFragment> finish() throws Exception {
        synchronized (writer) {
            files.addAll(writer.finish());
        }
        List<WriteFragment> out = new ArrayList<>(files.size());
        for (FileMetadata f : files) {
            WriteFragment.Kind kind = Boolean.TRUE.equals(f.extra().get("rejects")) ? WriteFragment.Kind.REJECTS
                    : WriteFragment.Kind.DATA;
            out.add(new WriteFragment(kind, splitId, attempt, f.path(), null, f.recordCount(), f.sizeBytes(),
                    f.partitionValues(), Map.of(), Map.of()));
        }
        return out;
    }

    @Override
    public void abort() throws Exception {
        synchronized (writer) {
            writer.abort();
        }
    }

    @Override
    public CommitSummary commit(List<WriteFragment> fragments, RunCommit commit) throws Exception {
        List<FileMetadata> all = new ArrayList<>(fragments.size());
        for (WriteFragment f : fragments) {
            all.add(f.toFileMetadata());
        }
        synchronized (writer) {
            return writer.commitFiles(all, commit);
        }
    }

    @Override
    public void abort(List<WriteFragment> fragments) throws Exception {
        abort();
    }

    @Override
    public Optional<RunCommit> lastCommit(String tenantId, String job) throws Exception {
        return writer.lastCommit(tenantId, job);
    }
}
