package io.dativo.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Turns validated Arrow batches into a target.
 *
 * <p>Writing has two parts, so that splits can be written anywhere and committed once: per split a
 * {@link SplitWriter} ({@link #newSplitWriter}) writes batches and stages them as {@link WriteFragment}s; per run a
 * stateless {@link Committer} ({@link #committer()}) commits every split's fragments together. The pipeline creates
 * writer instances as it needs them (one per split attempt, one for the commit), calls {@link #open(WriteContext)}
 * on each, and always {@link #close()}. Until commit, nothing a writer wrote may be visible to readers of the target.
 *
 * <p>A writer that is one object, as in earlier versions, implements {@link #writeBatch(VectorSchemaRoot, int)},
 * {@link #finish()}, {@link #commitFiles(List, RunCommit)} and {@link #abort()}; the defaults of
 * {@link #newSplitWriter} and {@link #committer()} adapt it. Such a writer keeps its staged output in its own memory,
 * so the pipeline gives every split of a run the same instance, one split at a time, and commits in the same
 * process.
 *
 * @since 0.1
 */
public interface BaseWriter extends AutoCloseable {

    /** Connector types this writer serves when found through {@link java.util.ServiceLoader}, such as {@code local}. */
    default Set<String> connectorTypes() {
        return Set.of();
    }

    /** Receives the asset definition, target configuration and output base before any other call. */
    default void open(WriteContext context) throws Exception {
    }

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
    default List<FileMetadata> writeBatch(VectorSchemaRoot batch, int fileCounter) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " implements neither newSplitWriter nor "
                + "writeBatch");
    }

    /**
     * A writer for one attempt of one split. Its output files are named with the run id, {@code splitId},
     * {@code attempt} and a sequence, so two splits or two attempts of one split never collide. The default adapts
     * the one-object methods of this interface ({@link #writeBatch}, {@link #finish()}, {@link #writeRejects}).
     *
     * @since 0.2
     */
    default SplitWriter newSplitWriter(String splitId, int attempt) throws Exception {
        return new OneObjectWriter(this, splitId, attempt);
    }

    /**
     * The committer of the run's fragments. The default adapts {@link #commitFiles(List, RunCommit)},
     * {@link #abort()} and {@link #lastCommit}, which work from this instance's memory.
     *
     * @since 0.2
     */
    default Committer committer() throws Exception {
        return new OneObjectWriter(this, ReadSplit.WHOLE, 1);
    }

    /**
     * True if this writer's split writers and committer work from their fragments alone, so splits may be written
     * side by side by separate instances and committed by another. False (the default) for one-object writers.
     *
     * @since 0.2
     */
    default boolean stagesIndependently() {
        return false;
    }

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
    default Optional<RunCommit> lastCommit(String tenantId, String job) throws Exception {
        return Optional.empty();
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
