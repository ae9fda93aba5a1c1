package io.dativo.api;

import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Turns validated Arrow batches into a target.
 *
 * <p>Implementations have a public no-argument constructor. Per run the pipeline calls {@link #open(WriteContext)},
 * then {@link #writeBatch(VectorSchemaRoot, int)} for every batch, {@link #finish()} at the end of input and
 * {@link #commitFiles(List)} with everything returned so far; on any failure it calls {@link #abort()} instead of
 * committing. {@link #close()} is always called. Until commit, nothing a writer wrote may be visible to readers of
 * the target.
 *
 * @since 0.1
 */
public interface BaseWriter extends AutoCloseable {

    /** Connector types this writer serves when found through {@link java.util.ServiceLoader}, such as {@code local}. */
    default Set<String> connectorTypes() {
        return Set.of();
    }

    /** Receives the asset definition, target configuration and output base before any other call. */
    void open(WriteContext context) throws Exception;

    /** Tests that the target can be reached and written, without writing data. Called without {@link #open}. */
    default ConnectionCheck checkConnection(TargetConfig target) {
        return ConnectionCheck.ok("no connection check for this writer");
    }

    /**
     * Writes one batch. The pipeline keeps ownership of {@code batch} and closes it after this call returns.
     *
     * @param fileCounter the sequence number of this batch within the run, starting at 1
     * @return metadata of every file or unit completed by this call (possibly none, when output is buffered)
     */
    List<FileMetadata> writeBatch(VectorSchemaRoot batch, int fileCounter) throws Exception;

    /** Completes whatever is still open at the end of input and returns its metadata. */
    default List<FileMetadata> finish() throws Exception {
        return List.of();
    }

    /** Makes the run's output visible. Called once with the metadata of the whole run. */
    default CommitSummary commitFiles(List<FileMetadata> files) throws Exception {
        return CommitSummary.of(files);
    }

    /**
     * Makes the run's output visible and keeps {@code commit} (the run and the state its data covers) with it, so
     * that {@link #lastCommit} can report it later. The default ignores {@code commit}.
     */
    default CommitSummary commitFiles(List<FileMetadata> files, RunCommit commit) throws Exception {
        return commitFiles(files);
    }

    /**
     * The most recent commit of {@code job} that this target records, if it records any. Called after
     * {@link #open}; the pipeline uses it to repair state that a crash kept from being saved.
     */
    default java.util.Optional<RunCommit> lastCommit(String tenantId, String job) throws Exception {
        return java.util.Optional.empty();
    }

    /** Removes what this run wrote and has not committed. */
    default void abort() throws Exception {
    }

    /**
     * Whether {@link #writeRejects(List)} is supported; the {@code quarantine} validation mode needs it.
     */
    default boolean supportsRejects() {
        return false;
    }

    /**
     * Stages records that failed validation beside the target; they become visible with the run's commit.
     * Called only when {@link #supportsRejects()} is true.
     */
    default List<FileMetadata> writeRejects(List<RejectedRecord> rejects) throws Exception {
        throw new IllegalStateException(getClass().getName() + " does not write rejected records");
    }

    /** Releases files and connections. Called once, also after a failure. */
    @Override
    default void close() throws Exception {
    }
}
