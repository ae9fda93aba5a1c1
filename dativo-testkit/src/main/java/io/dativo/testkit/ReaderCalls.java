package io.dativo.testkit;

import static io.dativo.testkit.Rules.broken;
import static io.dativo.testkit.Rules.check;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.SourceConfig;
import io.dativo.testkit.Extraction.AtFirstBatch;
import io.dativo.testkit.Timed.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * How {@link ReaderContractTest} calls a reader: each call with the time limit, each read with a fresh instance
 * closed afterwards, a failure or timeout reported as the rule's failure.
 *
 * @param timed    runs the calls
 * @param limit    how long one call may take
 * @param readers  makes a fresh reader
 * @param asset    the contract records are compared in
 */
record ReaderCalls(Timed timed, Duration limit, Callable<BaseReader> readers, AssetDefinition asset) {

    /** Runs {@code call} within the time limit; a failure or timeout breaks {@code rule}. */
    <T> Outcome<T> call(String rule, String what, Callable<T> call) {
        Outcome<T> outcome = timed.run(limit, call);
        check(!outcome.timedOut(), rule, what + " took longer than " + limit.toSeconds() + " s",
                "do not block without a timeout; check context.cancelled() in long loops");
        if (outcome.error() != null) {
            broken(rule, what + " threw " + outcome.error(), "see the cause below; a working configuration must "
                    + "not fail", outcome.error());
        }
        return outcome;
    }

    /** A read with a fresh reader, closed afterwards; a failure breaks {@code rule}. */
    Extraction read(String rule, SourceConfig source, TestReadContext context, AtFirstBatch mode) {
        Extraction sink = new Extraction(asset, mode);
        call(rule, "extract", () -> {
            try (BaseReader r = readers.call()) {
                sink.run(r, source, context);
            }
            return null;
        });
        return sink;
    }

    /** A read with a fresh reader that may fail (the sink plants trouble); only a timeout breaks {@code rule}. */
    void readThroughTrouble(String rule, SourceConfig source, TestReadContext context, Extraction sink) {
        Outcome<Void> outcome = timed.run(limit, () -> {
            try (BaseReader r = readers.call()) {
                sink.run(r, source, context);
            }
            return null;
        });
        check(!outcome.timedOut(), rule, "the read did not end within " + limit.toSeconds() + " s",
                "see cancel-stops-the-read");
    }

    /** Closes {@code reader} twice; an exception or timeout breaks {@code rule}. */
    void closeTwice(String rule, BaseReader reader, String when) {
        for (String which : List.of("first", "second")) {
            Outcome<Void> closed = timed.run(limit, () -> {
                reader.close();
                return null;
            });
            check(closed.ok(), rule, "the " + which + " close() " + when + " failed: "
                    + (closed.timedOut() ? "timed out" : closed.error()), "make close() release only what is "
                    + "open (null-check and clear each resource) and never throw for something already closed");
        }
    }

    /** Closes {@code reader}, whatever happens. */
    void closeQuietly(BaseReader reader) {
        timed.run(limit, () -> {
            reader.close();
            return null;
        });
    }
}
