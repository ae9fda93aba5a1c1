package io.dativo.testkit;

import static io.dativo.testkit.Rules.check;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.FieldSpec;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitPlan;
import io.dativo.testkit.Extraction.AtFirstBatch;
import io.dativo.testkit.Timed.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The reader contract as JUnit 5 tests. Extend it for your reader, supply a reader, a contract, a source and the
 * records that source holds; each rule a pipeline relies on runs as its own test, named after the rule, and a broken
 * rule fails with its name and how to fix it. Optional inputs ({@link #emptySource()}, {@link #wrongSource()}) turn
 * their rules on; rules that do not apply (splits, for a reader that plans none) are skipped, not passed.
 *
 * <p>Each reader runs as the pipeline runs it: a fresh instance per use, {@code open}, {@code planSplits} or
 * {@code extract}, always {@code close}; the kit's sink takes ownership of each batch and closes it; splits cross to
 * their readers through Java serialisation; every call has a time limit.
 *
 * @since 0.2
 */
public abstract class ReaderContractTest {

    private BufferAllocator allocator;
    private Timed timed;
    private ReaderCalls calls;

    /** A new instance of the reader under test, as the pipeline creates one per use. */
    protected abstract BaseReader newReader() throws Exception;

    /** The data contract the records are read against. */
    protected abstract AssetDefinition asset();

    /** A source holding {@link #expectedRecords()}. */
    protected abstract SourceConfig source() throws Exception;

    /** The records a whole read of {@link #source()} yields, in any order; values compare as {@link Records} text. */
    protected abstract List<Map<String, Object>> expectedRecords() throws Exception;

    /** A source of the same kind holding no records (an empty table, an empty folder); empty to skip its rule. */
    protected Optional<SourceConfig> emptySource() throws Exception {
        return Optional.empty();
    }

    /** A source that cannot work (unknown host, wrong password, missing file); empty to skip its rule. */
    protected Optional<SourceConfig> wrongSource() throws Exception {
        return Optional.empty();
    }

    /**
     * A source long enough that a read of it, one record per batch, is stopped well before its end; by default
     * {@link #source()}, which then needs at least three records.
     */
    protected SourceConfig longSource() throws Exception {
        return source();
    }

    /**
     * An incremental source (its {@code incremental} settings given), for the rule that a read resumes after the
     * state the previous one proposed; empty to skip that rule.
     */
    protected Optional<SourceConfig> incrementalSource() throws Exception {
        return Optional.empty();
    }

    /**
     * Adds records to {@link #incrementalSource()} after its first read (new rows, a newer file) and returns them:
     * exactly what the next incremental read must yield.
     */
    protected List<Map<String, Object>> addRecords() throws Exception {
        throw new UnsupportedOperationException("incrementalSource() is given but addRecords() is not overridden");
    }

    /**
     * The context the reader gets; override to set what your planner looks at, such as a small
     * {@code targetSplitBytes} so that the test source is cut into several splits.
     */
    protected TestReadContext.Builder context(BufferAllocator allocator) {
        return TestReadContext.builder(allocator, asset());
    }

    /** How long a read may go on after the run is cancelled. */
    protected Duration cancelWithin() {
        return Duration.ofSeconds(10);
    }

    /** How long any one call of the reader may take. */
    protected Duration timeLimit() {
        return Duration.ofSeconds(120);
    }

    @BeforeEach
    final void startKit() {
        allocator = new RootAllocator();
        timed = new Timed();
        calls = new ReaderCalls(timed, timeLimit(), this::newReader, asset());
    }

    @AfterEach
    final void stopKit() {
        timed.close();
        // A leak is its own rule's failure; closing would only add a second, less helpful one.
        if (allocator.getAllocatedMemory() == 0) {
            allocator.close();
        }
    }

    /** A whole read of {@link #source()} yields exactly {@link #expectedRecords()}. */
    @Test
    @DisplayName("reads-the-expected-records")
    void readsTheExpectedRecords() throws Exception {
        String rule = "reads-the-expected-records";
        Extraction read = calls.read(rule, source(), context(allocator).build(), AtFirstBatch.CONTINUE);
        String diff = Rules.difference(Records.of(asset(), expectedRecords()), read.records);
        check(diff.isEmpty(), rule, "a whole read of the source did not yield the expected records: " + diff,
                "hand every record of the source to the sink exactly once; if your values are right but print "
                        + "differently, give expectedRecords() values as the Records class prints them");
    }

    /** Every batch has only contract fields, every required one, and a value for each row. */
    @Test
    @DisplayName("batches-match-the-declared-schema")
    void batchesMatchTheDeclaredSchema() throws Exception {
        String rule = "batches-match-the-declared-schema";
        Extraction read = calls.read(rule, source(), context(allocator).build(), AtFirstBatch.CONTINUE);
        List<String> problems = new ArrayList<>(read.problems);
        for (Schema schema : read.schemas) {
            Set<String> columns = new HashSet<>();
            for (Field f : schema.getFields()) {
                columns.add(f.getName());
                if (asset().field(f.getName()) == null) {
                    problems.add("column '" + f.getName() + "' is not a field of the contract");
                }
            }
            for (FieldSpec f : asset().schema()) {
                if (f.required() && !columns.contains(f.name())) {
                    problems.add("required field '" + f.name() + "' is missing from a batch");
                }
            }
        }
        check(problems.isEmpty(), rule, "batches do not match the contract " + asset().name() + ": "
                        + problems.stream().distinct().toList(),
                "name each column after its contract field (context.asset().schema()), give every required field "
                        + "a column, and set each vector's value count to the batch's row count");
    }

    /** An empty source yields no batch and succeeds. */
    @Test
    @DisplayName("empty-source-yields-no-batch")
    void emptySourceYieldsNoBatch() throws Exception {
        String rule = "empty-source-yields-no-batch";
        Optional<SourceConfig> empty = emptySource();
        assumeTrue(empty.isPresent(), "emptySource() gives no empty source");
        Extraction read = calls.read(rule, empty.get(), context(allocator).build(), AtFirstBatch.CONTINUE);
        check(read.batches == 0, rule, "an empty source yielded " + read.batches + " batch(es)",
                "return from extract without calling the sink when there is nothing to read; do not hand over "
                        + "empty batches");
    }

    /** The planned splits, each read by a fresh reader after serialisation, yield exactly one whole read. */
    @Test
    @DisplayName("splits-yield-one-whole-read")
    void splitsYieldOneWholeRead() throws Exception {
        String rule = "splits-yield-one-whole-read";
        TestReadContext context = context(allocator).build();
        Outcome<SplitPlan> planned = calls.call(rule, "planSplits", () -> {
            try (BaseReader planner = newReader()) {
                planner.open(source());
                return planner.planSplits(context);
            }
        });
        SplitPlan plan = planned.value();
        check(plan != null, rule, "planSplits returned null", "return SplitPlan.whole() when you plan nothing");
        assumeFalse(plan.splits().size() == 1 && plan.splits().get(0).isWhole(), "the reader plans no splits");
        Set<String> ids = new HashSet<>();
        plan.splits().forEach(s -> check(ids.add(s.id()), rule, "two splits have the id '" + s.id() + "'",
                "give each split of a plan a distinct id; it goes into output file names"));
        List<Map<String, String>> union = new ArrayList<>();
        for (ReadSplit split : plan.splits()) {
            ReadSplit sent = Rules.roundTrip(split, rule, "split " + split.id());
            union.addAll(calls.read(rule, source(), context.withSplit(sent), AtFirstBatch.CONTINUE).records);
        }
        Extraction whole = calls.read(rule, source(), context, AtFirstBatch.CONTINUE);
        String diff = Rules.difference(whole.records, union);
        check(diff.isEmpty(), rule, plan.splits().size() + " splits together did not yield the records of one "
                        + "whole read: " + diff,
                "make the splits cover the source without gaps or overlaps: each record belongs to exactly one "
                        + "split, and a split's reader reads only what its properties name");
    }

    /**
     * After a first read, records are added; a read given the state the first one proposed (or its plan covered)
     * as committed yields exactly the added records.
     */
    @Test
    @DisplayName("incremental-read-resumes-after-its-state")
    void incrementalReadResumesAfterItsState() throws Exception {
        String rule = "incremental-read-resumes-after-its-state";
        Optional<SourceConfig> source = incrementalSource();
        assumeTrue(source.isPresent(), "incrementalSource() gives no incremental source");
        TestReadContext first = context(allocator).build();
        Outcome<SplitPlan> planned = calls.call(rule, "planSplits", () -> {
            try (BaseReader planner = newReader()) {
                planner.open(source.get());
                return planner.planSplits(first);
            }
        });
        calls.read(rule, source.get(), first, AtFirstBatch.CONTINUE);
        Map<String, Map<String, Object>> state = new LinkedHashMap<>(first.proposedStates());
        state.putAll(planned.value().state());
        check(!state.isEmpty(), rule, "the first read proposed no state and its plan covered none", "call "
                + "context.proposeState(object, values) once every record of the object is handed to the sink");
        List<Map<String, String>> added = Records.of(asset(), addRecords());
        TestReadContext.Builder resumed = context(allocator);
        state.forEach(resumed::committedState);
        Extraction next = calls.read(rule, source.get(), resumed.build(), AtFirstBatch.CONTINUE);
        String diff = Rules.difference(added, next.records);
        check(diff.isEmpty(), rule, "the read resuming after the state " + state + " did not yield exactly the "
                + "records added since: " + diff, "start after context.committedState(object) (its cursor, the "
                + "files it lists) and propose state that covers exactly the records handed over");
    }

    /** {@code close()} twice after a successful read throws nothing. */
    @Test
    @DisplayName("close-is-safe-twice")
    void closeIsSafeTwice() throws Exception {
        String rule = "close-is-safe-twice";
        BaseReader reader = newReader();
        Extraction sink = new Extraction(asset(), AtFirstBatch.CONTINUE);
        TestReadContext context = context(allocator).build();
        Outcome<Void> read = calls.call(rule, "extract", () -> {
            sink.run(reader, source(), context);
            return null;
        });
        check(read.ok(), rule, "the read failed: " + read.error(), "see reads-the-expected-records");
        calls.closeTwice(rule, reader, "after a successful read");
    }

    /** {@code close()} twice after the pipeline failed downstream mid-read, or after a failed open, throws nothing. */
    @Test
    @DisplayName("close-is-safe-after-a-failure")
    void closeIsSafeAfterAFailure() throws Exception {
        String rule = "close-is-safe-after-a-failure";
        BaseReader reader = newReader();
        Extraction sink = new Extraction(asset(), AtFirstBatch.FAIL);
        TestReadContext context = context(allocator).batchSize(1).build();
        timed.run(timeLimit(), () -> {
            sink.run(reader, source(), context);
            return null;
        });
        calls.closeTwice(rule, reader, "after the sink failed mid-read");
        Optional<SourceConfig> wrong = wrongSource();
        if (wrong.isPresent()) {
            BaseReader other = newReader();
            timed.run(timeLimit(), () -> {
                other.open(wrong.get());
                return null;
            });
            calls.closeTwice(rule, other, "after open with a wrong configuration");
        }
    }

    /** A successful read, closed, leaves no Arrow memory allocated. */
    @Test
    @DisplayName("no-memory-leaked-on-success")
    void noMemoryLeakedOnSuccess() throws Exception {
        String rule = "no-memory-leaked-on-success";
        calls.read(rule, source(), context(allocator).build(), AtFirstBatch.CONTINUE);
        Rules.noLeak(allocator, rule, "after a whole read and close()", "close every vector you allocate that "
                + "you do not hand to the sink (the sink owns what it is given), in a finally block or "
                + "try-with-resources");
    }

    /** A read failed downstream after its first batch, closed, leaves no Arrow memory allocated. */
    @Test
    @DisplayName("no-memory-leaked-on-failure")
    void noMemoryLeakedOnFailure() throws Exception {
        String rule = "no-memory-leaked-on-failure";
        Extraction sink = new Extraction(asset(), AtFirstBatch.FAIL);
        calls.readThroughTrouble(rule, source(), context(allocator).batchSize(1).build(), sink);
        Rules.noLeak(allocator, rule, "after the sink threw at the first batch and close()", "when sink.accept "
                + "throws, close the batch you were filling and any vectors not yet handed over, then let the "
                + "exception go on (try/finally around the loop)");
    }

    /** A read cancelled after its first batch, closed, leaves no Arrow memory allocated. */
    @Test
    @DisplayName("no-memory-leaked-on-cancel")
    void noMemoryLeakedOnCancel() throws Exception {
        String rule = "no-memory-leaked-on-cancel";
        Extraction sink = new Extraction(asset(), AtFirstBatch.CANCEL);
        calls.readThroughTrouble(rule, source(), context(allocator).batchSize(1).cancelled(sink.cancelled::get)
                .build(), sink);
        Rules.noLeak(allocator, rule, "after the run was cancelled at the first batch and close()", "when "
                + "context.cancelled() turns true, close what you were filling before returning");
    }

    /** A cancelled read hands over at most one more batch and returns within {@link #cancelWithin()}. */
    @Test
    @DisplayName("cancel-stops-the-read")
    void cancelStopsTheRead() throws Exception {
        String rule = "cancel-stops-the-read";
        BaseReader reader = newReader();
        Extraction sink = new Extraction(asset(), AtFirstBatch.CANCEL);
        TestReadContext context = context(allocator).batchSize(1).cancelled(sink.cancelled::get).build();
        SourceConfig source = longSource();
        Future<Void> read = timed.start(() -> {
            sink.run(reader, source, context);
            return null;
        });
        long deadline = System.nanoTime() + timeLimit().toNanos();
        while (!sink.cancelled.get() && !read.isDone() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        assumeTrue(sink.cancelled.get(), "the long source yielded no batch in the time limit");
        Outcome<Void> outcome = Timed.await(read, cancelWithin());
        calls.closeQuietly(reader);
        check(!outcome.timedOut(), rule, "the reader was still reading " + cancelWithin().toSeconds()
                        + " s after the run was cancelled (" + sink.batches + " batches so far)",
                "check context.cancelled() between batches (and inside long waits) and return when it is true");
        check(sink.batchesAfterCancel <= 1, rule, "the reader handed over " + sink.batchesAfterCancel
                        + " batches after the run was cancelled",
                "check context.cancelled() before reading each batch and return when it is true");
    }

    /** The reader's check answers a wrong configuration with a failed check, not an exception. */
    @Test
    @DisplayName("check-connection-reports-a-wrong-configuration")
    void checkConnectionReportsAWrongConfiguration() throws Exception {
        String rule = "check-connection-reports-a-wrong-configuration";
        Optional<SourceConfig> wrong = wrongSource();
        assumeTrue(wrong.isPresent(), "wrongSource() gives no wrong source");
        try (BaseReader reader = newReader()) {
            Outcome<Void> opened = timed.run(timeLimit(), () -> {
                reader.open(wrong.get());
                return null;
            });
            // A reader may refuse a wrong configuration in open; the host reports that as the failed check.
            assumeTrue(opened.ok(), "open refused the wrong configuration, which the host reports as a failure");
            Outcome<ConnectionCheck> checked = calls.call(rule, "checkConnection", reader::checkConnection);
            ConnectionCheck result = checked.value();
            check(result != null && !result.success(), rule, "checkConnection() answered " + result
                            + " for a wrong configuration",
                    "try the connection in checkConnection() and return ConnectionCheck.failed(code, message) "
                            + "when it does not work");
            check(result.message() != null && !result.message().isBlank(), rule, "the failed check has no message",
                    "say what failed and what to change, without secrets");
        }
    }

    /** {@code discover()} answers, with a name for each object, on the working configuration. */
    @Test
    @DisplayName("discover-answers")
    void discoverAnswers() throws Exception {
        String rule = "discover-answers";
        try (BaseReader reader = newReader()) {
            Outcome<List<DiscoveredObject>> found = calls.call(rule, "open and discover", () -> {
                reader.open(source());
                return reader.discover();
            });
            check(found.value() != null, rule, "discover() returned null", "return List.of() when you cannot tell");
            found.value().forEach(o -> check(o != null && o.name() != null, rule, "discover() returned an object "
                    + "without a name: " + o, "name each discovered object as a job's objects would"));
        }
    }

    /** A working configuration passes the reader's check. */
    @Test
    @DisplayName("check-connection-passes-for-the-source")
    void checkConnectionPassesForTheSource() throws Exception {
        String rule = "check-connection-passes-for-the-source";
        try (BaseReader reader = newReader()) {
            Outcome<ConnectionCheck> checked = calls.call(rule, "open and checkConnection", () -> {
                reader.open(source());
                return reader.checkConnection();
            });
            check(checked.value() != null && checked.value().success(), rule, "checkConnection() answered "
                    + checked.value() + " for the working source", "check only what a run needs");
        }
    }
}
