package io.dativo.api;

import java.util.List;
import java.util.Optional;

/**
 * Commits a run's fragments, once, for the whole run. Stateless: it works from the fragments and the
 * {@link RunCommit} alone, so a committer that never saw the writers (in another process, on a Spark driver) can
 * commit what they staged. A commit is atomic as far as the target allows, and records the run commit with the
 * data, so that {@link #lastCommit} can tell which run's data, and which state, the target holds.
 *
 * @since 0.2
 */
public interface Committer {

    /**
     * Makes {@code fragments} visible together and records {@code commit} with them. Committing fragments that
     * were already committed by the same run completes that commit and adds nothing twice.
     */
    CommitSummary commit(List<WriteFragment> fragments, RunCommit commit) throws Exception;

    /** Discards fragments that will not be committed. */
    default void abort(List<WriteFragment> fragments) throws Exception {
    }

    /** The most recent commit of {@code job} the target records, if it records any. */
    default Optional<RunCommit> lastCommit(String tenantId, String job) throws Exception {
        return Optional.empty();
    }

    /**
     * Completes the commits of runs that died half-way through and removes what dead runs staged and never
     * committed. Never touches the staging of a live run.
     *
     * @return what was done, for logs
     */
    default List<String> recover() throws Exception {
        return List.of();
    }
}
