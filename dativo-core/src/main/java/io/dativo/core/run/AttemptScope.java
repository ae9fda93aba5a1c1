package io.dativo.core.run;

import io.dativo.api.BaseWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What the splits of one attempt get from it: read-only settings and tokens, and the channels a split reports
 * through (progress, warnings, stages it had to abandon). A split's data and state travel only in its outcome.
 *
 * @param setup        the run's setup
 * @param runId        the run
 * @param attempt      the attempt, from 1
 * @param started      when the attempt started
 * @param cancellation stops every split of the attempt
 * @param state        committed state, read-only for splits
 * @param root         the attempt's allocator; each split takes a child of it
 * @param sharedWriter the writer every split shares when it does not stage independently, else {@code null}
 * @param writeGate    lets one split at a time write to {@code sharedWriter}
 * @param outputBase   where the asset's output goes
 * @param progress     the attempt's totals
 * @param warnings     what went wrong without failing the run
 * @param lingering    stages abandoned while still running; the attempt's allocator closes when they end
 */
record AttemptScope(RunSetup setup, String runId, int attempt, Instant started, Cancellation cancellation,
                    StateTracker state, BufferAllocator root, BaseWriter sharedWriter, Semaphore writeGate,
                    String outputBase, Progress progress, List<String> warnings,
                    List<CompletableFuture<Void>> lingering) {
}
