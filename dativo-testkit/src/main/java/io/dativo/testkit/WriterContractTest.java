package io.dativo.testkit;

import static io.dativo.testkit.Rules.broken;
import static io.dativo.testkit.Rules.check;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseWriter;
import io.dativo.api.Committer;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.RejectedRecord;
import io.dativo.api.RunCommit;
import io.dativo.api.SplitWriter;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteFragment;
import io.dativo.testkit.Timed.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The writer contract as JUnit 5 tests. Extend it for your writer, supply a writer, a contract, a target, the
 * records to write and a way to count what readers of the target see; each rule the pipeline relies on runs as its
 * own test, named after the rule, and a broken rule fails with its name and how to fix it.
 *
 * <p>Each writer runs as the pipeline runs it: {@code open} on every instance, {@code committer().recover()} on
 * the run's first, a split writer per split attempt
 * writing one batch of {@link #records()} and finishing into fragments, a committer committing them with the run,
 * always {@code close}. Writers that {@linkplain BaseWriter#stagesIndependently() stage independently} are also
 * committed by a fresh instance given only the fragments, after Java serialisation, as on another machine; for
 * one-object writers those rules are skipped.
 *
 * @since 0.2
 */
public abstract class WriterContractTest {

    /** The job name the kit's run commits record. */
    protected static final String JOB = "contract-test";

    private BufferAllocator allocator;
    private Timed timed;

    /** A new instance of the writer under test, as the pipeline creates one per split attempt and commit. */
    protected abstract BaseWriter newWriter() throws Exception;

    /** The data contract of the records written. */
    protected abstract AssetDefinition asset();

    /** The target to write to; empty before the test. */
    protected abstract TargetConfig target() throws Exception;

    /** The records one split writes, as Java values of the fields' types (see {@link Records#batch}). */
    protected abstract List<Map<String, Object>> records();

    /** How many records a reader of the target sees now: committed output only, if the writer is right. */
    protected abstract long visibleRecords() throws Exception;

    /**
     * What the target still holds of uncommitted output (staged files, staging tables), for the abort rule; by
     * default nothing is checked beyond {@link #visibleRecords()}.
     */
    protected List<String> stagedLeftovers() throws Exception {
        return List.of();
    }

    /**
     * How many rejected records a reader of the target's rejects sees now (committed ones only, if the writer is
     * right); empty, the default, skips the rejects rule. Give it for a writer that
     * {@linkplain BaseWriter#supportsRejects() supports rejects}.
     */
    protected OptionalLong visibleRejects() throws Exception {
        return OptionalLong.empty();
    }

    /**
     * The records that failed validation one split stages beside {@link #records()}, for the rejects rule; by
     * default the first three records, their values as text, each with a reason on its first field.
     */
    protected List<RejectedRecord> rejects() {
        List<Map<String, Object>> records = records();
        return Records.rejected(asset(), records.subList(0, Math.min(3, records.size())));
    }

    /** A target that cannot work (unreachable, not writable); empty to skip its rule. */
    protected Optional<TargetConfig> wrongTarget() throws Exception {
        return Optional.empty();
    }

    /** The context each writer instance is opened with. */
    protected TestWriteContext.Builder context(BufferAllocator allocator) throws Exception {
        return TestWriteContext.builder(allocator, asset(), target());
    }

    /** How long any one call of the writer may take. */
    protected Duration timeLimit() {
        return Duration.ofSeconds(120);
    }

    @BeforeEach
    final void startKit() {
        allocator = new RootAllocator();
        timed = new Timed();
    }

    @AfterEach
    final void stopKit() {
        timed.close();
        if (allocator.getAllocatedMemory() == 0) {
            allocator.close();
        }
    }

    /** Staged output is invisible until the commit, and the commit makes exactly the records visible. */
    @Test
    @DisplayName("output-invisible-before-commit")
    void outputInvisibleBeforeCommit() throws Exception {
        String rule = "output-invisible-before-commit";
        try (BaseWriter writer = started(rule)) {
            List<WriteFragment> fragments = call(rule, "write and finish", () -> stage(writer, "split-1"));
            long before = call(rule, "visibleRecords", this::visibleRecords);
            check(before == 0, rule, before + " records are visible after the split writer finished, before any "
                    + "commit", "stage output where readers do not look (a hidden name, a staging table) and make "
                    + "it visible only in Committer.commit");
            call(rule, "commit", () -> writer.committer().commit(fragments, runCommit()));
            visibleExactly(rule, "after the commit", "publish every data fragment in Committer.commit");
        }
    }

    /** A split writer's abort, or a committer's abort of finished fragments, leaves nothing behind. */
    @Test
    @DisplayName("abort-leaves-nothing")
    void abortLeavesNothing() throws Exception {
        String rule = "abort-leaves-nothing";
        try (BaseWriter writer = started(rule)) {
            call(rule, "write and abort", () -> {
                try (SplitWriter split = writer.newSplitWriter("split-1", 1);
                     VectorSchemaRoot batch = Records.batch(allocator, asset(), records())) {
                    split.write(batch);
                    split.abort();
                }
                return null;
            });
            List<WriteFragment> fragments = call(rule, "write and finish", () -> stage(writer, "split-2"));
            call(rule, "abort", () -> {
                writer.committer().abort(fragments);
                return null;
            });
            long visible = call(rule, "visibleRecords", this::visibleRecords);
            List<String> left = call(rule, "stagedLeftovers", this::stagedLeftovers);
            check(visible == 0 && left.isEmpty(), rule, "after SplitWriter.abort and Committer.abort, " + visible
                    + " records are visible and staged output remains: " + left, "delete what the split writer "
                    + "staged in SplitWriter.abort, and each fragment's staged output in Committer.abort");
        }
    }

    /**
     * Rejected records a split writer stages are invisible before the commit, come back as fragments of kind
     * {@code REJECTS}, and become visible with the data in the same commit; aborted ones never do.
     */
    @Test
    @DisplayName("rejects-invisible-before-commit-and-committed-with-the-data")
    void rejectsInvisibleBeforeCommitAndCommittedWithTheData() throws Exception {
        String rule = "rejects-invisible-before-commit-and-committed-with-the-data";
        try (BaseWriter writer = started(rule)) {
            assumeTrue(writer.supportsRejects(), "the writer does not support rejects");
            assumeTrue(call(rule, "visibleRejects", this::visibleRejects).isPresent(),
                    "visibleRejects() is not given");
            List<RejectedRecord> rejects = rejects();
            List<WriteFragment> fragments = call(rule, "write, writeRejects and finish", () -> {
                try (SplitWriter split = writer.newSplitWriter("split-1", 1);
                     VectorSchemaRoot batch = Records.batch(allocator, asset(), records())) {
                    split.write(batch);
                    split.writeRejects(rejects);
                    return split.finish();
                }
            });
            long staged = fragments.stream().filter(f -> f.kind() == WriteFragment.Kind.REJECTS)
                    .mapToLong(WriteFragment::records).sum();
            check(staged == rejects.size(), rule, "the split writer's REJECTS fragments hold " + staged
                    + " records after writeRejects was given " + rejects.size(), "return, from finish(), a "
                    + "WriteFragment of kind REJECTS for what writeRejects staged, with its record count");
            long before = rejectsVisible(rule);
            check(before == 0, rule, before + " rejected records are visible after the split writer finished, "
                    + "before any commit", "stage rejects as you stage data, where readers do not look, and "
                    + "publish them in Committer.commit");
            call(rule, "commit", () -> writer.committer().commit(fragments, runCommit()));
            long after = rejectsVisible(rule);
            check(after == rejects.size(), rule, after + " rejected records are visible after the commit; "
                    + "expected " + rejects.size(), "publish REJECTS fragments in Committer.commit together with "
                    + "the DATA fragments");
            visibleExactly(rule, "after the commit of data and rejects", "publish every data fragment in "
                    + "Committer.commit, whatever other kinds come with it");
            call(rule, "writeRejects and abort", () -> {
                try (SplitWriter split = writer.newSplitWriter("split-2", 1)) {
                    split.writeRejects(rejects);
                    split.abort();
                }
                writer.committer().abort(call(rule, "writeRejects and finish", () -> {
                    try (SplitWriter split = writer.newSplitWriter("split-3", 1)) {
                        split.writeRejects(rejects);
                        return split.finish();
                    }
                }));
                return null;
            });
            long aborted = rejectsVisible(rule);
            List<String> left = call(rule, "stagedLeftovers", this::stagedLeftovers);
            check(aborted == rejects.size() && left.isEmpty(), rule, "after SplitWriter.abort and "
                    + "Committer.abort of rejects, " + aborted + " rejected records are visible (expected "
                    + rejects.size() + ") and staged output remains: " + left, "delete staged rejects in "
                    + "SplitWriter.abort and, for REJECTS fragments, in Committer.abort");
        }
    }

    private long rejectsVisible(String rule) {
        return call(rule, "visibleRejects", this::visibleRejects).orElseThrow();
    }

    /** Fragments staged by one instance, serialised, are committed by a fresh instance. */
    @Test
    @DisplayName("commit-by-a-fresh-instance")
    void commitByAFreshInstance() throws Exception {
        String rule = "commit-by-a-fresh-instance";
        List<WriteFragment> fragments = stagedIndependently(rule);
        try (BaseWriter committer = opened(rule)) {
            call(rule, "commit by a fresh instance", () -> committer.committer().commit(fragments, runCommit()));
        }
        visibleExactly(rule, "after a fresh instance committed the fragments", "put in each WriteFragment (its "
                + "location, pending file and properties) everything the committer needs; keep nothing in the "
                + "instance that staged it");
    }

    /** A commit repeated by a fresh instance after a simulated crash neither loses nor doubles records. */
    @Test
    @DisplayName("repeated-commit-neither-loses-nor-doubles")
    void repeatedCommitNeitherLosesNorDoubles() throws Exception {
        String rule = "repeated-commit-neither-loses-nor-doubles";
        List<WriteFragment> fragments = stagedIndependently(rule);
        RunCommit run = runCommit();
        try (BaseWriter first = opened(rule)) {
            call(rule, "first commit", () -> first.committer().commit(fragments, run));
        }
        // The process died after committing and before the pipeline recorded it: a new one commits again.
        try (BaseWriter second = opened(rule)) {
            call(rule, "repeated commit", () -> second.committer().commit(fragments, run));
            Optional<RunCommit> last = call(rule, "lastCommit", () -> second.committer().lastCommit(
                    run.tenantId(), JOB));
            check(last.isEmpty() || last.get().runId().equals(run.runId()), rule, "lastCommit names run "
                    + last.map(RunCommit::runId).orElse(null) + " instead of " + run.runId(),
                    "record the run commit with the data, in the same atomic step");
        }
        visibleExactly(rule, "after the same fragments were committed twice", "make commit idempotent for a "
                + "run: skip fragments already published (a staged file that is gone and its target present), "
                + "and record the run so a second commit adds nothing");
    }

    /** {@code close()} twice on the writer and its split writer, after success and after an abort, throws nothing. */
    @Test
    @DisplayName("close-is-safe-twice-and-after-a-failure")
    void closeIsSafeTwiceAndAfterAFailure() throws Exception {
        String rule = "close-is-safe-twice-and-after-a-failure";
        BaseWriter writer = started(rule);
        SplitWriter failed = call(rule, "write and abort", () -> {
            SplitWriter split = writer.newSplitWriter("split-1", 1);
            try (VectorSchemaRoot batch = Records.batch(allocator, asset(), records())) {
                split.write(batch);
            }
            split.abort();
            return split;
        });
        closeTwice(rule, failed, "split writer after abort");
        closeTwice(rule, writer, "writer");
        closeTwice(rule, opened(rule), "writer that wrote nothing");
    }

    /** Writing, committing and closing, or writing and aborting, leaves no Arrow memory allocated. */
    @Test
    @DisplayName("no-memory-leaked")
    void noMemoryLeaked() throws Exception {
        String rule = "no-memory-leaked";
        try (BaseWriter writer = started(rule)) {
            List<WriteFragment> fragments = call(rule, "write and finish", () -> stage(writer, "split-1"));
            call(rule, "commit", () -> writer.committer().commit(fragments, runCommit()));
        }
        Rules.noLeak(allocator, rule, "after a write, commit and close()", "close the buffers and vectors you "
                + "allocate from the context's allocator, at the latest in close()");
        try (BaseWriter writer = opened(rule)) {
            call(rule, "write and abort", () -> {
                try (SplitWriter split = writer.newSplitWriter("split-2", 1);
                     VectorSchemaRoot batch = Records.batch(allocator, asset(), records())) {
                    split.write(batch);
                    split.abort();
                }
                return null;
            });
        }
        Rules.noLeak(allocator, rule, "after a write, abort and close()", "release buffers in abort() and "
                + "close() as well as in finish()");
    }

    /** The writer's check answers a wrong target with a failed check, not an exception. */
    @Test
    @DisplayName("check-connection-reports-a-wrong-target")
    void checkConnectionReportsAWrongTarget() throws Exception {
        String rule = "check-connection-reports-a-wrong-target";
        Optional<TargetConfig> wrong = wrongTarget();
        assumeTrue(wrong.isPresent(), "wrongTarget() gives no wrong target");
        try (BaseWriter writer = newWriter()) {
            Outcome<ConnectionCheck> checked = timed.run(timeLimit(), () -> writer.checkConnection(wrong.get()));
            check(checked.ok(), rule, "checkConnection(target) " + (checked.timedOut() ? "timed out"
                    : "threw " + checked.error()) + " for a wrong target", "catch what the check raises and "
                    + "return ConnectionCheck.failed(code, message)");
            ConnectionCheck result = checked.value();
            check(result != null && !result.success(), rule, "checkConnection(target) answered " + result
                    + " for a wrong target", "try the target in the check: reach it, and test that it can be "
                    + "written");
        }
    }

    /**
     * The run's first writer instance, as the pipeline starts a run with it: opened, and its committer asked to
     * recover dead runs (where writers such as the JDBC one also prepare their bookkeeping).
     */
    private BaseWriter started(String rule) throws Exception {
        BaseWriter writer = opened(rule);
        call(rule, "committer().recover()", () -> writer.committer().recover());
        return writer;
    }

    /** A writer instance opened with the kit's context. */
    private BaseWriter opened(String rule) throws Exception {
        BaseWriter writer = newWriter();
        TestWriteContext context = context(allocator).build();
        call(rule, "open", () -> {
            writer.open(context);
            return null;
        });
        return writer;
    }

    /** One split's fragments, staged by an instance closed afterwards and sent through serialisation. */
    private List<WriteFragment> stagedIndependently(String rule) throws Exception {
        List<WriteFragment> fragments;
        try (BaseWriter writer = started(rule)) {
            assumeTrue(writer.stagesIndependently(), "the writer is a one-object writer (stagesIndependently() "
                    + "is false): the pipeline commits with the instance that staged");
            fragments = call(rule, "write and finish", () -> stage(writer, "split-1"));
        }
        return Rules.roundTrip(new ArrayList<>(fragments), rule, "the fragments");
    }

    private List<WriteFragment> stage(BaseWriter writer, String splitId) throws Exception {
        try (SplitWriter split = writer.newSplitWriter(splitId, 1);
             VectorSchemaRoot batch = Records.batch(allocator, asset(), records())) {
            split.write(batch);
            return split.finish();
        }
    }

    private RunCommit runCommit() throws Exception {
        TestWriteContext context = context(allocator).build();
        return new RunCommit(context.tenantId(), JOB, context.runId(), Instant.now(),
                Map.of(asset().name(), Map.of("cursor", (long) records().size())));
    }

    private void visibleExactly(String rule, String when, String fix) {
        long visible = call(rule, "visibleRecords", this::visibleRecords);
        check(visible == records().size(), rule, visible + " records are visible " + when + "; expected "
                + records().size(), fix);
    }

    private <T> T call(String rule, String what, Callable<T> call) {
        Outcome<T> outcome = timed.run(timeLimit(), call);
        check(!outcome.timedOut(), rule, what + " took longer than " + timeLimit().toSeconds() + " s",
                "do not block without a timeout");
        if (outcome.error() != null) {
            broken(rule, what + " threw " + outcome.error(), "see the cause below; the target given must work",
                    outcome.error());
        }
        return outcome.value();
    }

    private void closeTwice(String rule, AutoCloseable closeable, String what) {
        for (String which : List.of("first", "second")) {
            Outcome<Void> closed = timed.run(timeLimit(), () -> {
                closeable.close();
                return null;
            });
            check(closed.ok(), rule, "the " + which + " close() of the " + what + " failed: "
                    + (closed.timedOut() ? "timed out" : closed.error()), "make close() release only what is "
                    + "open and never throw for something already closed or aborted");
        }
    }
}
