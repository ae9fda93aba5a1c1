package io.dativo.core.run;

import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.WriteFragment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcomes a distributed run commits: one attempt of each planned split, the first the engine returned, with
 * the fragments of that attempt; every other fragment (of later attempts, or staged by an attempt under another
 * attempt number) is to be discarded once the commit is made.
 *
 * @param taken     one outcome per split, in plan order
 * @param fragments the fragments of the taken attempts, to commit
 * @param discarded every other fragment returned, to abort
 */
record TakenOutcomes(List<SplitOutcome> taken, List<WriteFragment> fragments, List<WriteFragment> discarded) {

    private static final Logger LOG = LoggerFactory.getLogger(TakenOutcomes.class);

    /**
     * Takes one outcome of each task of {@code plan} from {@code outcomes}.
     *
     * @throws DativoException of kind {@link ErrorKind#INTERNAL} if a planned split has no outcome or an outcome
     *                         names a split the plan does not have
     */
    static TakenOutcomes of(RunPlan plan, List<SplitOutcome> outcomes) {
        List<WriteFragment> fragments = new ArrayList<>();
        List<WriteFragment> discarded = new ArrayList<>();
        Map<String, SplitOutcome> first = new LinkedHashMap<>();
        for (SplitOutcome o : outcomes) {
            SplitOutcome earlier = first.putIfAbsent(o.splitId(), o);
            if (earlier != null) {
                LOG.info("run {}: attempt {} of split {} is discarded; attempt {} is committed", plan.runId(),
                        o.attempt(), o.splitId(), earlier.attempt());
                discarded.addAll(o.fragments());
            }
        }
        List<SplitOutcome> taken = new ArrayList<>();
        for (SplitTask t : plan.tasks()) {
            SplitOutcome o = first.remove(t.split().id());
            if (o == null) {
                throw new DativoException(ErrorKind.INTERNAL, "the engine returned no outcome for split "
                        + t.split().id() + " of run " + plan.runId(), null);
            }
            for (WriteFragment f : o.fragments()) {
                (f.splitId().equals(o.splitId()) && f.attempt() == o.attempt() ? fragments : discarded).add(f);
            }
            taken.add(o);
        }
        if (!first.isEmpty()) {
            throw new DativoException(ErrorKind.INTERNAL, "the engine returned outcomes for splits " + first.keySet()
                    + " that run " + plan.runId() + " did not plan", null);
        }
        return new TakenOutcomes(List.copyOf(taken), fragments, discarded);
    }

    /** The state each taken split proposed, in plan order. */
    List<Map<String, Map<String, Object>>> proposals() {
        return taken.stream().map(SplitOutcome::proposals).toList();
    }
}
