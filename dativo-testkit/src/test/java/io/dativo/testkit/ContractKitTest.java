package io.dativo.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit itself: run through the JUnit Platform on a correct reader and writer, it passes them; on each with one
 * planted fault, it fails the rule that fault breaks, by name, and no other.
 */
class ContractKitTest {

    /** Each rule's test, by display name, to its outcome. */
    private static Map<String, TestExecutionResult> run(Class<?> kit) {
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        Map<String, String> skipped = new ConcurrentHashMap<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kit)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        if (test.isTest()) {
                            results.put(test.getDisplayName(), result);
                        }
                    }

                    @Override
                    public void executionSkipped(TestIdentifier test, String reason) {
                        skipped.put(test.getDisplayName(), reason);
                    }
                });
        assertThat(skipped).as("tests skipped").isEmpty();
        return results;
    }

    /** The rules that failed, each with its failure message. */
    private static Map<String, String> failures(Class<?> kit) {
        Map<String, String> failed = new TreeMap<>();
        run(kit).forEach((rule, result) -> {
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                failed.put(rule, result.getThrowable().map(Throwable::getMessage).orElse(""));
            }
        });
        return failed;
    }

    @Test
    void aCorrectReaderPassesEveryRule() {
        Map<String, TestExecutionResult> results = run(CorrectReader.class);
        assertThat(results).hasSize(14);
        assertThat(failures(CorrectReader.class)).isEmpty();
    }

    @Test
    void aReaderThatLeaksAVectorBreaksTheLeakRules() {
        assertThat(failures(LeakingReader.class)).containsOnlyKeys("no-memory-leaked-on-success",
                "no-memory-leaked-on-failure", "no-memory-leaked-on-cancel").allSatisfy((rule, message) ->
                assertThat(message).startsWith("[" + rule + "]").contains("How to fix:"));
    }

    @Test
    void aReaderThatIgnoresCancelBreaksTheCancelRule() {
        assertThat(failures(CancelIgnoringReader.class)).containsOnlyKeys("cancel-stops-the-read")
                .hasEntrySatisfying("cancel-stops-the-read", m -> assertThat(m)
                        .contains("still reading 1 s after the run was cancelled", "context.cancelled()"));
    }

    @Test
    void aReaderWhoseSecondSplitRepeatsARowBreaksTheSplitRule() {
        assertThat(failures(RowRepeatingReader.class)).containsOnlyKeys("splits-yield-one-whole-read")
                .hasEntrySatisfying("splits-yield-one-whole-read", m -> assertThat(m)
                        .contains("unexpected or repeated 1 [{id=5, name=n5}]"));
    }

    @Test
    void aReaderThatIgnoresItsCommittedStateBreaksTheIncrementalRule() {
        assertThat(failures(RestartingReader.class)).containsOnlyKeys("incremental-read-resumes-after-its-state")
                .hasEntrySatisfying("incremental-read-resumes-after-its-state", m -> assertThat(m)
                        .contains("unexpected or repeated 10"));
    }

    @Test
    void aReaderWhoseCheckThrowsBreaksTheCheckRule() {
        assertThat(failures(ThrowingCheckReader.class)).containsOnlyKeys(
                "check-connection-reports-a-wrong-configuration", "check-connection-passes-for-the-source");
    }

    @Test
    void aCorrectWriterPassesEveryRule() {
        assertThat(run(CorrectWriter.class)).hasSize(8);
        assertThat(failures(CorrectWriter.class)).isEmpty();
    }

    @Test
    void aWriterWhoseOutputIsVisibleBeforeCommitBreaksTheVisibilityRule() {
        assertThat(failures(EarlyVisibleWriter.class)).containsKey("output-invisible-before-commit")
                .hasEntrySatisfying("output-invisible-before-commit", m -> assertThat(m)
                        .startsWith("[output-invisible-before-commit] 10 records are visible after the split "
                                + "writer finished, before any commit"));
    }

    @Test
    void aWriterWhoseRejectsAreVisibleBeforeCommitBreaksTheRejectsRule() {
        assertThat(failures(EarlyRejectsWriter.class)).containsOnlyKeys(
                "rejects-invisible-before-commit-and-committed-with-the-data").hasEntrySatisfying(
                "rejects-invisible-before-commit-and-committed-with-the-data", m -> assertThat(m).startsWith(
                        "[rejects-invisible-before-commit-and-committed-with-the-data] 3 rejected records are "
                                + "visible after the split writer finished, before any commit"));
    }

    /** A correct reader of ten numbers in two splits. */
    static class CorrectReader extends ReaderContractTest {
        String fault() {
            return "none";
        }

        @Override
        protected BaseReader newReader() {
            return new ListReader();
        }

        @Override
        protected AssetDefinition asset() {
            return ListReader.ASSET;
        }

        @Override
        protected SourceConfig source() {
            return ListReader.source(10, fault());
        }

        @Override
        protected List<Map<String, Object>> expectedRecords() {
            return ListReader.records(10);
        }

        @Override
        protected Optional<SourceConfig> emptySource() {
            return Optional.of(ListReader.source(0, fault()));
        }

        @Override
        protected Optional<SourceConfig> wrongSource() {
            return Optional.of(ListReader.source(-1, fault()));
        }

        @Override
        protected SourceConfig longSource() {
            return ListReader.source(100_000, fault());
        }

        @Override
        protected Duration cancelWithin() {
            return Duration.ofSeconds(1);
        }

        final String table = UUID.randomUUID().toString();

        @Override
        protected Optional<SourceConfig> incrementalSource() {
            ListReader.TABLES.put(table, 10L);
            return Optional.of(SourceConfig.builder("list").connection(Map.of("table", table, "fault", fault()))
                    .build());
        }

        @Override
        protected List<Map<String, Object>> addRecords() {
            ListReader.TABLES.put(table, 15L);
            return ListReader.records(15).subList(10, 15);
        }
    }

    /** Allocates a vector it never closes. */
    static class LeakingReader extends CorrectReader {
        @Override
        String fault() {
            return "leak";
        }
    }

    /** Never checks cancellation. */
    static class CancelIgnoringReader extends CorrectReader {
        @Override
        String fault() {
            return "ignore-cancel";
        }
    }

    /** Its second split starts at the first split's last row. */
    static class RowRepeatingReader extends CorrectReader {
        @Override
        String fault() {
            return "repeat-row";
        }
    }

    /** Reads from the start whatever state was committed. */
    static class RestartingReader extends CorrectReader {
        @Override
        String fault() {
            return "restart";
        }
    }

    /** Its connection check throws instead of answering. */
    static class ThrowingCheckReader extends CorrectReader {
        @Override
        String fault() {
            return "throwing-check";
        }
    }

    /** A correct writer to an in-memory table. */
    static class CorrectWriter extends WriterContractTest {
        final String table = UUID.randomUUID().toString();

        String fault() {
            return "none";
        }

        @Override
        protected BaseWriter newWriter() {
            return new MapWriter();
        }

        @Override
        protected AssetDefinition asset() {
            return ListReader.ASSET;
        }

        @Override
        protected TargetConfig target() {
            return TargetConfig.builder("map").connection(Map.of("table", table, "fault", fault())).build();
        }

        @Override
        protected List<Map<String, Object>> records() {
            return ListReader.records(10);
        }

        @Override
        protected long visibleRecords() {
            return MapWriter.table(table).visibleRecords();
        }

        @Override
        protected List<String> stagedLeftovers() {
            return List.copyOf(MapWriter.table(table).staged().keySet());
        }

        @Override
        protected OptionalLong visibleRejects() {
            return OptionalLong.of(MapWriter.table(table).visibleRejects());
        }

        @Override
        protected Optional<TargetConfig> wrongTarget() {
            return Optional.of(TargetConfig.builder("map").build());
        }
    }

    /** Makes rejected records visible as it writes them. */
    static class EarlyRejectsWriter extends CorrectWriter {
        @Override
        String fault() {
            return "rejects-early";
        }
    }

    /** Makes rows visible as it writes them. */
    static class EarlyVisibleWriter extends CorrectWriter {
        @Override
        String fault() {
            return "visible-early";
        }
    }
}
