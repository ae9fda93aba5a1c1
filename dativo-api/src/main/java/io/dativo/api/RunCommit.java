package io.dativo.api;

import java.time.Instant;
import java.util.Map;

/**
 * A run as its commit records it in the target: which run, when, and the state of each object it covers. Writers
 * that keep this with the data ({@link BaseWriter#commitFiles(java.util.List, RunCommit)}) let the pipeline repair state
 * after a crash between publishing data and saving state.
 *
 * @param tenantId    the tenant
 * @param job         the job's name
 * @param runId       the run
 * @param committedAt when it committed
 * @param states      object name to the state values the committed data covers
 * @since 0.1
 */
public record RunCommit(String tenantId, String job, String runId, Instant committedAt,
                        Map<String, Map<String, Object>> states) {

    /** Copies the map so the value cannot change. */
    public RunCommit {
        states = states == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(states));
    }
}
