package io.dativo.core.run;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A run planned on a driver for an engine to execute: one task per split, and the state the whole plan covers once
 * every task has succeeded. The engine runs each task with {@link SplitWorker#run} and hands the outcomes back; the
 * driver commits them once.
 *
 * @param runId     the run
 * @param tasks     one per split, in plan order; empty when there is nothing to read
 * @param planState object to the state the whole plan covers (see {@link io.dativo.api.SplitPlan#state()})
 */
public record RunPlan(String runId, List<SplitTask> tasks, Map<String, Map<String, Object>> planState)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Copies the collections so the value cannot change. */
    public RunPlan {
        Objects.requireNonNull(runId, "runId");
        tasks = List.copyOf(tasks);
        planState = Collections.unmodifiableMap(new LinkedHashMap<>(planState));
    }

    /** True when the reader planned no splits of its own, so the whole source is read by one task. */
    public boolean whole() {
        return tasks.size() == 1 && tasks.get(0).split().isWhole();
    }
}
