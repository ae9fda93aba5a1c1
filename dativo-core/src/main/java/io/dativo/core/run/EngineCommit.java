package io.dativo.core.run;

import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.Committer;
import io.dativo.api.RunCommit;
import io.dativo.api.StateStore;
import io.dativo.core.config.JobIdentity;
import io.dativo.core.config.JobLoader;
import io.dativo.core.config.JobSpec;
import io.dativo.core.internal.ArrowSupport;
import io.dativo.core.plugin.Plugins;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit of a distributed run made inside the engine's job, by one operator that runs once every split has
 * succeeded (Flink's global committer): takes one attempt of each split from the outcomes, commits their fragments
 * through the job's committer with the state the run covers, saves that state, and discards what other attempts
 * staged. The driver that planned the run keeps the job's claim while the engine runs it and reports the result
 * from the returned {@link Report}.
 *
 * <p>An engine may run the operator again after it failed; a commit of the run that the target already records is
 * not made a second time, and its state is saved again.
 */
public final class EngineCommit {

    private static final Logger LOG = LoggerFactory.getLogger(EngineCommit.class);

    /**
     * What the commit did, sent back to the driver.
     *
     * @param taken       the outcome committed for each split, in plan order
     * @param committedAt when the run committed
     * @param commitNanos time the committer took
     * @param saved       the state saved with the commit; empty when the job keeps none or saving it failed
     * @param warnings    what went wrong after the commit, masked
     */
    public record Report(List<SplitOutcome> taken, Instant committedAt, long commitNanos,
                         Map<String, Map<String, Object>> saved, List<String> warnings) implements Serializable {

        private static final long serialVersionUID = 1L;

        /** Copies the collections so the value cannot change. */
        public Report {
            taken = List.copyOf(taken);
            saved = Collections.unmodifiableMap(new LinkedHashMap<>(saved));
            warnings = List.copyOf(warnings);
        }
    }

    private EngineCommit() {
    }

    /**
     * Loads the job {@code plan} was made for, from where its tasks say, as a worker does.
     *
     * @throws IllegalArgumentException if the plan has no tasks: such a run has nothing for an engine to commit
     */
    public static JobLoader.Loaded load(RunPlan plan) {
        if (plan.tasks().isEmpty()) {
            throw new IllegalArgumentException("run " + plan.runId() + " planned no tasks");
        }
        return SplitWorker.load(plan.tasks().get(0));
    }

    /**
     * Commits run {@code plan} of the job {@code loaded} ({@link #load}) once, with one attempt of each split from
     * {@code outcomes}, and saves its state in {@code store} ({@code null} for a job that keeps none).
     *
     * @throws Exception why the commit failed; nothing of the run is visible then
     */
    public static Report commit(JobLoader.Loaded loaded, RunPlan plan, List<SplitOutcome> outcomes,
                                StateStore store) throws Exception {
        ArrowSupport.check();
        JobSpec spec = loaded.spec();
        SplitTask first = plan.tasks().get(0);
        TakenOutcomes taken = TakenOutcomes.of(plan, outcomes);
        StateTracker state = new StateTracker(store, spec.tenantId(), spec.name(), JobIdentity.fingerprint(spec),
                JobIdentity.describe(spec));
        List<String> warnings = new ArrayList<>();
        try (MdcScope ignored = MdcScope.open(spec.tenantId(), spec.name(), spec.asset().name(), plan.runId());
             BufferAllocator alloc = new RootAllocator();
             Plugins.Loaded<BaseWriter> writer = Plugins.writer(spec.target());
             Plugins.Loaded<BaseReader> reader = Plugins.reader(spec.source())) {
            BaseWriter out = writer.instance();
            try {
                out.open(new RunContexts.Write(spec.asset(), spec.target(), first.outputBase(), spec.tenantId(),
                        plan.runId(), first.runStartedAt(), alloc));
                Committer committer = out.committer();
                Optional<RunCommit> earlier = committer.lastCommit(spec.tenantId(), spec.name())
                        .filter(c -> c.runId().equals(plan.runId()));
                if (earlier.isPresent()) {
                    RunCommit c = earlier.get();
                    LOG.warn("run {}: committed already, at {}; its state is saved again", plan.runId(),
                            c.committedAt());
                    state.save(c.runId(), c.committedAt(), c.states());
                    return new Report(taken.taken(), c.committedAt(), 0, store == null ? Map.of() : c.states(),
                            warnings);
                }
                Map<String, Map<String, Object>> states = state.toCommit(plan.planState(), taken.proposals(),
                        reader.instance());
                CommitStep.Committed c = CommitStep.commit(committer, taken.fragments(), new RunCommit(
                        spec.tenantId(), spec.name(), plan.runId(), Instant.now(), states), state, loaded.masker(),
                        warnings);
                // also when none was returned: an attempt that failed before it handed its outcome over may have
                // staged splits it finished, which a committer that knows its run's staging removes
                try {
                    committer.abort(taken.discarded());
                } catch (Exception e) {
                    String warning = loaded.masker().mask("the run committed, but what attempts that were not "
                            + "taken staged was not removed: " + e.getMessage());
                    LOG.warn("run {}: {}", plan.runId(), warning);
                    warnings.add(warning);
                }
                return new Report(taken.taken(), c.at(), c.nanos(), c.saved() ? states : Map.of(), warnings);
            } finally {
                out.close();
            }
        }
    }
}
