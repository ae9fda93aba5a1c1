package io.dativo.core;

import static io.dativo.core.testing.TestSupport.duckdb;
import static io.dativo.core.testing.TestSupport.reference;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.BatchSink;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.RetryableException;
import io.dativo.api.SourceConfig;
import io.dativo.api.StateKey;
import io.dativo.api.StateRecord;
import io.dativo.api.StateStore;
import io.dativo.api.TargetConfig;
import io.dativo.core.config.JobLoader;
import io.dativo.core.config.RetryConfig;
import io.dativo.core.connector.file.CsvReader;
import io.dativo.core.connector.file.FileTargetWriter;
import io.dativo.core.connector.file.WriterFaults;
import io.dativo.core.state.FileStateStore;
import io.dativo.core.state.FileWatermark;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.core.testing.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Incremental runs that never lose or repeat data, under faults at each step of a run. */
class StateTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    static final AssetDefinition IDS = AssetDefinition.of("ids", List.of(FieldSpec.of("id", DataType.LONG, true),
            FieldSpec.of("file", DataType.STRING, true)));

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        for (int f = 0; f < 3; f++) {
            addFile(f, Instant.parse("2026-11-01T00:00:00Z").plus(f, ChronoUnit.HOURS));
        }
    }

    private void addFile(int f, Instant modified) throws Exception {
        StringBuilder csv = new StringBuilder("id,file\n");
        for (int i = 0; i < 1000; i++) {
            csv.append(f * 1000 + i).append(",f").append(f).append('\n');
        }
        Path p = dir.resolve("in/part-" + f + ".csv");
        Files.writeString(p, csv);
        Files.setLastModifiedTime(p, FileTime.from(modified));
    }

    private SourceConfig source(int lookbackDays) {
        return new SourceConfig("csv", null, Map.of(), Map.of(), List.of(), List.of(), null,
                List.of(new FileSpec("in/*.csv", "ids", null)),
                new IncrementalSpec("file_modified_time", null, lookbackDays, null), Map.of("batch_size", 100),
                dir.toString());
    }

    private Pipeline.Builder pipeline(StateStore store) {
        return Pipeline.builder().name("ids_job").tenant("acme").asset(IDS).source(source(0))
                .target(TargetConfig.local(dir.resolve("out").toString(), "parquet", List.of("ingest_date")))
                .stateStore(store).allocator(allocator);
    }

    private List<List<Object>> output() throws Exception {
        return duckdb("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM read_parquet('"
                + dir.resolve("out/ids") + "/*/*.parquet')");
    }

    /** The position after every file of the folder was read: the newest time, and the files at it. */
    private Map<String, Object> allFilesState() throws Exception {
        FileWatermark.Builder mark = FileWatermark.builder(null);
        try (var s = Files.list(dir.resolve("in"))) {
            for (Path p : s.toList()) {
                mark.add(p.toString(), Files.getLastModifiedTime(p).toInstant());
            }
        }
        return mark.build().toState();
    }

    @Test
    void theSecondRunOverTheReferenceUtf16FileReadsNothingAndSucceeds() throws Exception {
        Path job = reference().resolve("tests/fixtures/jobs/csv_employee_state_persistence.yaml");
        String yaml = Files.readString(job).replaceAll("(?s)target:.*?# Execution", "target:\n  connection:\n    path: "
                + dir.resolve("out") + "\n\n# Execution").replace("target_connector: iceberg", "target_connector: local")
                .replace("target_connector_path: connectors/iceberg.yaml", "");
        Path local = dir.resolve("employee_state.yaml");
        Files.writeString(local, yaml);
        JobLoader loader = new JobLoader().withBaseDir(reference());
        InMemoryStateStore store = new InMemoryStateStore();
        RunResult first = Pipeline.fromYaml(local, loader).withStateStore(store).withAllocator(allocator).run();
        assertThat(first.succeeded()).as(first.error()).isTrue();
        assertThat(first.recordsRead()).isEqualTo(290);
        assertThat(first.stateBefore()).isEmpty();
        assertThat(first.stateAfter()).containsOnlyKeys("Employee");
        RunResult second = Pipeline.fromYaml(local, loader).withStateStore(store).withAllocator(allocator).run();
        assertThat(second.status()).as(second.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.recordsRead()).isZero();
        assertThat(second.files()).isEmpty();
        assertThat(second.stateAfter()).isEqualTo(first.stateAfter());
        assertThat(TestSupport.filesUnder(dir.resolve("out"))).filteredOn(p -> p.endsWith(".parquet")).hasSize(1);
    }

    @Test
    void newAndModifiedFilesAreReadAndUnchangedOnesSkipped() throws Exception {
        InMemoryStateStore store = new InMemoryStateStore();
        assertThat(pipeline(store).build().run().recordsRead()).isEqualTo(3000);
        addFile(3, Instant.parse("2026-11-02T00:00:00Z"));
        RunResult second = pipeline(store).build().run();
        assertThat(second.recordsRead()).isEqualTo(1000);
        assertThat(output()).containsExactly(List.of(4000L, 4000L, 0L, 3999L));
        assertThat(store.load(new StateKey("acme", "ids_job", "ids")).orElseThrow().values())
                .isEqualTo(allFilesState());
        Files.setLastModifiedTime(dir.resolve("in/part-0.csv"), FileTime.from(Instant.parse("2026-11-03T00:00:00Z")));
        assertThat(pipeline(store).build().run().recordsRead()).as("a modified file is read again").isEqualTo(1000);
    }

    @Test
    void lookbackDaysReadsAWindowAgainOnPurpose() throws Exception {
        InMemoryStateStore store = new InMemoryStateStore();
        pipeline(store).build().run();
        RunResult again = pipeline(store).source(source(1)).build().run();
        assertThat(again.recordsRead()).as("all three files are within a day of the newest").isEqualTo(3000);
        addFile(3, Instant.parse("2026-11-05T00:00:00Z"));
        RunResult withNew = pipeline(store).source(source(1)).build().run();
        assertThat(withNew.recordsRead()).as("the new file, and the window before the last position")
                .isEqualTo(4000);
        RunResult window = pipeline(store).source(source(1)).build().run();
        assertThat(window.recordsRead()).as("the window now ends at the new file, the others are older")
                .isEqualTo(1000);
        assertThat(pipeline(store).build().run().recordsRead()).as("without lookback nothing is new").isZero();
    }

    /** A store that fails the first time it saves, as if the process died between commit and state save. */
    static final class FailingOnceStore implements StateStore {
        final InMemoryStateStore inner = new InMemoryStateStore();
        final AtomicInteger saves = new AtomicInteger();

        public Optional<StateRecord> load(StateKey key) {
            return inner.load(key);
        }

        public void save(List<StateRecord> records) {
            if (!records.isEmpty() && saves.incrementAndGet() == 1) {
                throw new IllegalStateException("state store unreachable");
            }
            inner.save(records);
        }

        public List<StateRecord> list(String tenantId, String job) {
            return inner.list(tenantId, job);
        }

        public void delete(StateKey key) {
            inner.delete(key);
        }
    }

    /** A crash that no handler in the writer treats as an ordinary error. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash");
        }
    }

    @ParameterizedTest(name = "fault: {0}")
    @ValueSource(strings = {"reader mid-batch", "writer mid-batch", "writer at commit", "crash during commit",
            "after commit before state save"})
    void aFaultAtAnyStepFollowedByACleanRunLeavesEveryRecordExactlyOnce(String fault) throws Exception {
        FailingOnceStore store = new FailingOnceStore();
        Pipeline.Builder first = pipeline(fault.equals("after commit before state save") ? store : store.inner);
        switch (fault) {
            case "reader mid-batch" -> first.reader(new BaseReader() {
                final CsvReader csv = new CsvReader();
                int batches;

                public void open(SourceConfig s) {
                    csv.open(s);
                }

                public void extract(ReadContext c, BatchSink sink) throws Exception {
                    csv.extract(c, b -> {
                        if (++batches == 15) {
                            b.root().close();
                            throw new IllegalStateException("connection reset");
                        }
                        sink.accept(b);
                    });
                }
            });
            case "writer mid-batch" -> first.writer(new OutputTest.FailingWriter(12, false));
            case "writer at commit" -> first.writer(new OutputTest.FailingWriter(-1, true));
            case "crash during commit" -> {
                first.writer(WriterFaults.afterPublishing(() -> {
                    throw new Crash();
                }));
            }
            default -> {
            }
        }
        RunResult failed = first.build().run();
        if (fault.equals("after commit before state save")) {
            assertThat(failed.status()).as("a failure after the commit leaves the run committed")
                    .isEqualTo(RunStatus.SUCCEEDED);
            assertThat(failed.warnings()).singleElement().asString().contains("state was not saved")
                    .contains("state store unreachable");
        } else {
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        }
        assertThat(store.inner.list("acme", "ids_job")).as("state did not move").isEmpty();

        RunResult clean = pipeline(store.inner).build().run();
        assertThat(clean.status()).as(clean.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(output()).containsExactly(List.of(3000L, 3000L, 0L, 2999L));
        assertThat(store.inner.load(new StateKey("acme", "ids_job", "ids")).orElseThrow().values())
                .isEqualTo(allFilesState());
        if (fault.equals("after commit before state save") || fault.equals("crash during commit")) {
            assertThat(clean.recordsRead()).as("the commit that happened is not read again").isZero();
        } else {
            assertThat(clean.recordsRead()).isEqualTo(3000);
        }
        assertThat(TestSupport.filesUnder(dir.resolve("out"))).noneMatch(p -> p.contains(".dativo-pending"))
                .noneMatch(p -> p.contains(FileTargetWriter.STAGING_DIR) && !p.contains("/manifests/"));
    }

    @Test
    void corruptOrHandEditedStateFilesAreErrorsNamingTheFile() throws Exception {
        FileStateStore store = new FileStateStore(dir.resolve("state"));
        assertThat(pipeline(store).build().run().succeeded()).isTrue();
        Path file = store.file(new StateKey("acme", "ids_job", "ids"));
        assertThat(file).exists();
        String good = Files.readString(file);

        Files.writeString(file, good.substring(0, good.length() / 2));
        RunResult broken = pipeline(store).build().run();
        assertThat(broken.status()).isEqualTo(RunStatus.FAILED);
        assertThat(broken.error()).contains("state file " + file).contains("not valid JSON");

        Files.writeString(file, good.replaceFirst("\"at_watermark\" : \\[",
                "\"at_watermark\" : \"everything\", \"x\" : ["));
        RunResult edited = pipeline(store).build().run();
        assertThat(edited.status()).isEqualTo(RunStatus.FAILED);
        assertThat(edited.error()).contains(file.toString()).contains("'at_watermark' must list locations");

        Files.writeString(file, good.replaceFirst("\"committed_at\" : \"[^\"]+\"", "\"committed_at\" : \"yesterday\""));
        assertThat(pipeline(store).build().run().error()).contains(file.toString()).contains("committed_at");
        assertThat(output()).as("nothing was read twice").containsExactly(List.of(3000L, 3000L, 0L, 2999L));
    }

    @Test
    void stateCanBeListedAndReset() throws Exception {
        FileStateStore store = new FileStateStore(dir.resolve("state"));
        Pipeline p = pipeline(store).build();
        p.run();
        assertThat(p.state()).singleElement().satisfies(r -> {
            assertThat(r.key().object()).isEqualTo("ids");
            assertThat(r.origin()).endsWith("ids.json");
        });
        p.resetState("ids");
        assertThat(p.state().get(0).values()).isEmpty();
        assertThat(p.run().recordsRead()).as("after a reset everything is read again").isEqualTo(3000);
        assertThat(p.run().recordsRead()).isZero();
        try (var staging = Files.list(dir.resolve("out/ids").resolve(FileTargetWriter.STAGING_DIR))) {
            assertThat(staging.map(f -> f.getFileName().toString())).as("a run with nothing new leaves no folder")
                    .containsExactly("manifests");
        }
    }

    @Test
    void retryableFailuresAreRetriedWithBackoffWithFreshInstancesAndOthersAreNot() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<BaseReader> readers = new CopyOnWriteArrayList<>();
        List<BaseWriter> writers = new CopyOnWriteArrayList<>();
        Supplier<BaseReader> flaky = () -> new BaseReader() {
            final CsvReader csv = new CsvReader();

            public void open(SourceConfig s) {
                csv.open(s);
            }

            public void extract(ReadContext c, BatchSink sink) throws Exception {
                if (attempts.incrementAndGet() < 3) {
                    throw new RetryableException("throttled", new java.io.IOException("HTTP 429"));
                }
                csv.extract(c, sink);
            }
        };
        RetryConfig retry = new RetryConfig(3, 0.01, 0.05, 2, List.of());
        RunResult r = pipeline(new InMemoryStateStore()).reader(() -> {
            BaseReader reader = flaky.get();
            readers.add(reader);
            return reader;
        }).writer(() -> {
            BaseWriter writer = new FileTargetWriter();
            writers.add(writer);
            return writer;
        }).retry(retry).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(output()).containsExactly(List.of(3000L, 3000L, 0L, 2999L));
        assertThat(readers).as("a planner and a split reader per attempt, each new").hasSize(6)
                .doesNotHaveDuplicates();
        assertThat(writers).as("a new committing writer per attempt, and a new split writer for the attempt whose "
                + "split wrote").hasSize(4).doesNotHaveDuplicates();
    }
}
