package io.dativo.core.run;

import io.dativo.api.BaseReader;
import io.dativo.api.Committer;
import io.dativo.api.RunCommit;
import io.dativo.api.SplitPlan;
import io.dativo.api.StateKey;
import io.dativo.api.StateRecord;
import io.dativo.api.StateStore;
import io.dativo.core.state.JobRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incremental state of one attempt: what is committed (loaded once per object, repaired from the target's last
 * commit where a crash kept it from being saved), what the run will commit (the plan's state for the objects the
 * plan covers, otherwise the splits' proposals merged by the reader's rule), and the snapshots before and after. A
 * job that is not incremental has no store, proposes nothing and saves nothing.
 */
final class StateTracker {

    private static final Logger LOG = LoggerFactory.getLogger(StateTracker.class);

    private final StateStore store;
    private final String tenant;
    private final String job;
    private final String fingerprint;
    private final String description;
    private final boolean keeps;
    private final Map<String, StateRecord> committed = new ConcurrentHashMap<>();

    StateTracker(StateStore store, String tenant, String job, String fingerprint, String description) {
        this(store, store != null, tenant, job, fingerprint, description);
    }

    private StateTracker(StateStore store, boolean keeps, String tenant, String job, String fingerprint,
                         String description) {
        this.store = store;
        this.keeps = keeps;
        this.tenant = tenant;
        this.job = job;
        this.fingerprint = fingerprint;
        this.description = description;
    }

    /**
     * The committed state as a worker of a distributed run sees it: taken from the driver's {@link #snapshot()},
     * never loaded from or saved to a store.
     */
    static StateTracker frozen(boolean keeps, String tenant, String job, Map<String, Map<String, Object>> state) {
        StateTracker t = new StateTracker(null, keeps, tenant, job, "", "");
        state.forEach((object, values) -> t.committed.put(object,
                new StateRecord(t.key(object), values, "", Instant.EPOCH, null)));
        return t;
    }

    /**
     * Loads the committed state of every object of the job, so that {@link #snapshot()} holds all of it for
     * splits that run elsewhere; records repaired already are kept.
     */
    void loadAll() {
        if (store == null) {
            return;
        }
        for (StateRecord r : store.list(tenant, job)) {
            if (!JobRecords.isRecord(r)) {
                committed.putIfAbsent(r.key().object(), r);
            }
        }
    }

    /**
     * Refuses the run when the store holds the state of another job by this name (another source or target); call
     * it under the job's claim.
     */
    void verifyIdentity() {
        if (store != null) {
            JobRecords.verify(store, tenant, job, fingerprint, description);
        }
    }

    /** True if the job keeps state. */
    boolean keepsState() {
        return keeps;
    }

    /** The committed state of {@code object}, if it has any; safe to call from any split's thread. */
    Optional<StateRecord> committed(String object) {
        if (!keeps) {
            return Optional.empty();
        }
        StateRecord r = record(object);
        return r.values().isEmpty() ? Optional.empty() : Optional.of(r);
    }

    private StateRecord record(String object) {
        StateRecord none = new StateRecord(key(object), Map.of(), "", Instant.EPOCH, null);
        return store == null ? committed.getOrDefault(object, none)
                : committed.computeIfAbsent(object, o -> store.load(key(o)).orElse(none));
    }

    private StateKey key(String object) {
        return new StateKey(tenant, job, object);
    }

    /** Saves the state of the target's last commit where a crash between commit and state save lost it. */
    void repair(Committer committer) throws Exception {
        if (store == null) {
            return;
        }
        Optional<RunCommit> last = committer.lastCommit(tenant, job);
        if (last.isEmpty()) {
            return;
        }
        RunCommit commit = last.get();
        List<StateRecord> repairs = new ArrayList<>();
        commit.states().forEach((object, values) -> {
            StateRecord current = record(object);
            if (!current.runId().equals(commit.runId()) && current.committedAt().isBefore(commit.committedAt())) {
                LOG.warn("state of {} repaired from the commit of run {} ({})", object, commit.runId(),
                        commit.committedAt());
                StateRecord repaired = new StateRecord(current.key(), values, commit.runId(), commit.committedAt(),
                        null);
                repairs.add(repaired);
                committed.put(object, repaired);
            }
        });
        if (!repairs.isEmpty()) {
            store.save(repairs);
        }
    }

    /** Object to committed state values, for the objects that have any. */
    Map<String, Map<String, Object>> snapshot() {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        committed.forEach((k, v) -> {
            if (!v.values().isEmpty()) {
                out.put(k, v.values());
            }
        });
        return out;
    }

    /**
     * The state the run commits: for each object the plan covers, the plan's state; for the others, the proposals
     * of the splits (in split order) merged by {@code reader}'s {@link BaseReader#mergeState rule}.
     */
    Map<String, Map<String, Object>> toCommit(SplitPlan plan, List<Map<String, Map<String, Object>>> proposals,
                                             BaseReader reader) {
        return toCommit(plan.state(), proposals, reader);
    }

    /** The state the run commits, as {@link #toCommit(SplitPlan, List, BaseReader)}, for a plan's state. */
    Map<String, Map<String, Object>> toCommit(Map<String, Map<String, Object>> planState,
                                             List<Map<String, Map<String, Object>>> proposals, BaseReader reader) {
        if (store == null) {
            return Map.of();
        }
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Map<String, Map<String, Object>> split : proposals) {
            split.forEach((object, values) -> {
                if (!planState.containsKey(object)) {
                    out.merge(object, values, (left, right) -> new LinkedHashMap<>(
                            reader.mergeState(object, left, right)));
                }
            });
        }
        out.putAll(planState);
        return out;
    }

    /** Saves {@code states} as committed by {@code runId} at {@code at}. */
    void save(String runId, Instant at, Map<String, Map<String, Object>> states) {
        if (store == null || states.isEmpty()) {
            return;
        }
        List<StateRecord> records = new ArrayList<>();
        states.forEach((object, values) -> records.add(new StateRecord(key(object), values, runId, at, null)));
        List<StateRecord> saved = new ArrayList<>(records);
        saved.add(JobRecords.record(tenant, job, fingerprint, description, runId, at));
        store.save(saved);
        records.forEach(r -> committed.put(r.key().object(), r));
    }

    /** Takes {@code states} as committed by {@code runId} at {@code at} where they were saved elsewhere. */
    void savedElsewhere(String runId, Instant at, Map<String, Map<String, Object>> states) {
        states.forEach((object, values) -> committed.put(object,
                new StateRecord(key(object), values, runId, at, null)));
    }
}
