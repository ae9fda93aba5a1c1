package io.dativo.core.run;

import io.dativo.api.Committer;
import io.dativo.api.RunCommit;
import io.dativo.api.WriteFragment;
import io.dativo.core.config.Masker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once sequence, in one place. Every split has finished and its memory is released before this runs, so
 * nothing that can still fail comes between the decision to commit and the commit. Then:
 * <ol>
 *   <li>the last check for cancellation: until here, stopping leaves nothing visible;</li>
 *   <li>the committer makes every fragment of the run visible at once and records the run and its state with them;
 *       if it fails, the fragments are aborted and the run has committed nothing;</li>
 *   <li>the state is saved. From the commit on, the run is committed: a failure to save is a warning, and the next
 *       run repairs the state from the target's {@link Committer#lastCommit last commit}.</li>
 * </ol>
 */
final class CommitStep {

    private static final Logger LOG = LoggerFactory.getLogger(CommitStep.class);

    /**
     * A commit that happened.
     *
     * @param at    when
     * @param nanos time the committer took
     * @param saved whether the state was saved with it
     */
    record Committed(Instant at, long nanos, boolean saved) {
    }

    private CommitStep() {
    }

    static Committed commit(Committer committer, List<WriteFragment> fragments, Map<String, Map<String, Object>> states,
                            AttemptScope scope) throws Exception {
        scope.cancellation().throwIfCancelled(scope.runId());
        RunCommit commit = new RunCommit(scope.setup().spec().tenantId(), scope.setup().spec().name(), scope.runId(),
                Instant.now(), states);
        return commit(committer, fragments, commit, scope.state(), scope.setup().masker(), scope.warnings());
    }

    /**
     * Steps 2 and 3 for {@code commit}, where the decision to commit was made by the caller: a driver that checked
     * for cancellation, or an engine's commit operator, which runs only once every split has succeeded.
     */
    static Committed commit(Committer committer, List<WriteFragment> fragments, RunCommit commit, StateTracker state,
                            Masker masker, List<String> warnings) throws Exception {
        long t0 = System.nanoTime();
        if (!fragments.isEmpty()) {
            try {
                committer.commit(fragments, commit);
            } catch (Throwable t) {
                abort(committer, fragments, t);
                throw t;
            }
        }
        long nanos = System.nanoTime() - t0;
        try {
            state.save(commit.runId(), commit.committedAt(), commit.states());
            return new Committed(commit.committedAt(), nanos, true);
        } catch (RuntimeException e) {
            String warning = masker.mask("the run committed, but its state was not saved ("
                    + e.getMessage() + "); the next run repairs it from the target's last commit");
            LOG.warn("run {}: {}", commit.runId(), warning);
            warnings.add(warning);
            return new Committed(commit.committedAt(), nanos, false);
        }
    }

    /** Discards fragments that will not be committed; a failure to do so is added to {@code failure}. */
    static void abort(Committer committer, List<WriteFragment> fragments, Throwable failure) {
        try {
            committer.abort(fragments);
        } catch (Throwable e) {
            failure.addSuppressed(e);
        }
    }
}
