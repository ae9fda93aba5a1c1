package io.dativo.core;

import static io.dativo.core.testing.TestSupport.duckdb;
import static io.dativo.core.testing.TestSupport.filesUnder;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.BatchSink;
import io.dativo.api.CommitSummary;
import io.dativo.api.Committer;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.FileMetadata;
import io.dativo.api.FileSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.RunCommit;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitWriter;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import io.dativo.api.WriteFragment;
import io.dativo.core.connector.file.CsvReader;
import io.dativo.core.connector.file.FileTargetWriter;
import io.dativo.testkit.LeakCheckedAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Staging and commit, failures mid-run, partition layout, file sizing and the output formats. */
class OutputTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    static final AssetDefinition EVENTS = new AssetDefinition("events", "1.0", "ops", "telemetry", null, null,
            List.of(FieldSpec.of("id", DataType.LONG, true), FieldSpec.of("region", DataType.STRING, false),
                    FieldSpec.of("payload", DataType.STRING, false)),
            null, List.of(), null, List.of(), Map.of());

    @BeforeEach
    void setUp() throws IOException {
        writeEvents(30_000);
    }

    /** events.csv with ids 1..rows, a region that repeats, and 40 random letters of payload. */
    private void writeEvents(int rows) throws IOException {
        StringBuilder csv = new StringBuilder("id,region,payload\n");
        Random random = new Random(7);
        for (int i = 1; i <= rows; i++) {
            csv.append(i).append(',').append(i % 3 == 0 ? "eu" : "us").append(',');
            for (int k = 0; k < 40; k++) {
                csv.append((char) ('a' + random.nextInt(26)));
            }
            csv.append('\n');
        }
        Files.writeString(dir.resolve("events.csv"), csv);
    }

    private SourceConfig source(int batchSize) {
        return new SourceConfig("csv", null, Map.of(), Map.of(), List.of(), List.of(), null,
                List.of(new FileSpec("events.csv", "events", null)), null, Map.of("batch_size", batchSize),
                dir.toString());
    }

    private TargetConfig target(String format, List<String> partitioning, long sizeMb) {
        return new TargetConfig("local", null, Map.of("path", "out", "prefix", "raw"), Map.of(), Map.of(), format,
                "snappy", partitioning, sizeMb, "append", Map.of(), dir.toString());
    }

    private Pipeline.Builder pipeline(int batchSize, TargetConfig target) {
        return Pipeline.builder().tenant("t").asset(EVENTS).source(source(batchSize)).target(target)
                .allocator(allocator);
    }

    /** The file target, failing where it is told to: at a batch of its split writer, or at commit. */
    static final class FailingWriter implements BaseWriter {
        private final FileTargetWriter delegate = new FileTargetWriter();
        private final int failAtBatch;
        private final boolean failAtCommit;

        FailingWriter(int failAtBatch, boolean failAtCommit) {
            this.failAtBatch = failAtBatch;
            this.failAtCommit = failAtCommit;
        }

        @Override
        public void open(WriteContext context) {
            delegate.open(context);
        }

        @Override
        public SplitWriter newSplitWriter(String splitId, int attempt) {
            SplitWriter split = delegate.newSplitWriter(splitId, attempt);
            return new SplitWriter() {
                int batches;

                @Override
                public void write(VectorSchemaRoot batch) throws Exception {
                    if (++batches == failAtBatch) {
                        throw new IOException("disk full at batch " + batches);
                    }
                    split.write(batch);
                }

                @Override
                public List<WriteFragment> finish() throws Exception {
                    return split.finish();
                }

                @Override
                public void abort() throws Exception {
                    split.abort();
                }

                @Override
                public void close() throws Exception {
                    split.close();
                }
            };
        }

        @Override
        public Committer committer() {
            Committer c = delegate.committer();
            return new Committer() {
                @Override
                public CommitSummary commit(List<WriteFragment> fragments, RunCommit commit) throws Exception {
                    if (failAtCommit) {
                        throw new IOException("commit refused");
                    }
                    return c.commit(fragments, commit);
                }

                @Override
                public void abort(List<WriteFragment> fragments) throws Exception {
                    c.abort(fragments);
                }
            };
        }

        @Override
        public boolean stagesIndependently() {
            return true;
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }

    @Test
    void aWriterFailingMidRunLeavesNoFilesAndNoStaging() throws Exception {
        RunResult r = pipeline(1000, target("parquet", List.of("ingest_date"), 128))
                .writer(new FailingWriter(5, false)).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("disk full at batch 5");
        assertThat(r.files()).isEmpty();
        assertThat(filesUnder(dir.resolve("out"))).isEmpty();
    }

    @Test
    void aWriterFailingAtCommitLeavesNoFiles() throws Exception {
        RunResult r = pipeline(1000, target("parquet", List.of("ingest_date"), 128))
                .writer(new FailingWriter(-1, true)).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("commit refused");
        assertThat(filesUnder(dir.resolve("out"))).isEmpty();
    }

    @Test
    void aReaderFailingMidRunLeavesNoFiles() throws Exception {
        BaseReader failing = new BaseReader() {
            private final CsvReader csv = new CsvReader();

            @Override
            public void open(SourceConfig source) {
                csv.open(source);
            }

            @Override
            public void extract(ReadContext context, BatchSink sink) throws Exception {
                int[] n = {0};
                csv.extract(context, batch -> {
                    if (++n[0] == 7) {
                        batch.root().close();
                        throw new IllegalStateException("connection reset by peer");
                    }
                    sink.accept(batch);
                });
            }
        };
        RunResult r = pipeline(1000, target("parquet", List.of("ingest_date"), 128)).reader(failing).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("connection reset by peer");
        assertThat(filesUnder(dir.resolve("out"))).isEmpty();
    }

    @Test
    void mergeIsRefusedByTheFileTargetAsAConfigurationError() throws Exception {
        TargetConfig merge = new TargetConfig("local", null, Map.of("path", "out"), Map.of(), Map.of(),
                "parquet", "snappy", List.of(), 128, "merge", Map.of(), dir.toString());
        RunResult r = pipeline(1000, merge).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).isEqualTo("target.write_mode: the file target appends or overwrites; 'merge' is not "
                + "supported by it (files have no keys to merge on)");
        assertThat(filesUnder(dir.resolve("out"))).isEmpty();
    }

    @Test
    void overwriteReplacesTheAssetsDataFilesAndKeepsRejectsAndManifests() throws Exception {
        TargetConfig append = target("parquet", List.of("ingest_date"), 128);
        assertThat(pipeline(1000, append).build().run().succeeded()).isTrue();
        assertThat(pipeline(1000, append).build().run().succeeded()).isTrue();
        Path table = dir.resolve("out/raw/ops/telemetry/events");
        assertThat(duckdb("SELECT count(*) FROM read_parquet('" + table + "/*/*.parquet')"))
                .containsExactly(List.of(60_000L));
        writeEvents(500);
        TargetConfig overwrite = new TargetConfig("local", null, Map.of("path", "out", "prefix", "raw"), Map.of(),
                Map.of(), "parquet", "snappy", List.of("ingest_date"), 128, "overwrite", Map.of(), dir.toString());
        RunResult r = pipeline(100, overwrite).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(duckdb("SELECT count(*), count(DISTINCT id) FROM read_parquet('" + table + "/*/*.parquet')"))
                .containsExactly(List.of(500L, 500L));
        assertThat(filesUnder(table)).filteredOn(p -> p.endsWith(".parquet")).hasSize(1);
        assertThat(filesUnder(table)).filteredOn(p -> p.contains("/manifests/") && !p.endsWith("latest.json"))
                .as("the manifests of all three runs").hasSize(3);
    }

    @Test
    void manySmallBatchesBecomeOneFileAndRunsNeverOverwriteEachOther() throws Exception {
        RunResult first = pipeline(100, target("parquet", List.of("ingest_date"), 128)).build().run();
        RunResult second = pipeline(100, target("parquet", List.of("ingest_date"), 128)).build().run();
        assertThat(first.files()).hasSize(1);
        assertThat(second.files()).hasSize(1);
        assertThat(first.files().get(0).path()).isNotEqualTo(second.files().get(0).path());
        Path table = dir.resolve("out/raw/ops/telemetry/events");
        assertThat(duckdb("SELECT count(*), count(DISTINCT id) FROM read_parquet('" + table + "/*/*.parquet')"))
                .containsExactly(List.of(60_000L, 30_000L));
        assertThat(filesUnder(table.resolve(FileTargetWriter.STAGING_DIR))).as("two manifests and the pointer")
                .hasSize(3).contains("manifests/t/job/latest.json");
        assertThat(duckdb("SELECT region, count(*) FROM read_parquet('" + table + "/*/*.parquet') GROUP BY region "
                + "ORDER BY region")).containsExactly(List.of("eu", 20_000L), List.of("us", 40_000L));
        assertThat(duckdb("SELECT count(*) FROM read_parquet('" + table + "/*/*.parquet') p JOIN read_csv('"
                + dir.resolve("events.csv") + "', header=true, columns={'id': 'BIGINT', 'region': 'VARCHAR', "
                + "'payload': 'VARCHAR'}) c ON p.id = c.id AND p.region = c.region AND p.payload = c.payload"))
                .as("every text value equals the source after 300 batches through reused buffers")
                .containsExactly(List.of(60_000L));
        assertThat(duckdb("SELECT min(payload) = (SELECT min(payload) FROM read_csv('" + dir.resolve("events.csv")
                + "', header=true)) FROM read_parquet('" + table + "/*/*.parquet')")).containsExactly(List.of(true));
        String file = first.files().get(0).path();
        assertThat(duckdb("SELECT bool_and(m.stats_min_value = v.mn AND m.stats_max_value = v.mx) FROM "
                + "parquet_metadata('" + file + "') m, (SELECT min(payload) mn, max(payload) mx FROM read_parquet('"
                + file + "')) v WHERE m.path_in_schema = 'payload'"))
                .as("column statistics match the values").containsExactly(List.of(true));
        assertThat(filesUnder(dir.resolve("out"))).noneMatch(p -> p.contains(".dativo-pending"))
                .noneMatch(p -> p.contains("lease.json") || p.contains("commit.json"));
    }

    @Test
    void aLargeBatchIsCutIntoFilesNearTheTargetSize() throws Exception {
        RunResult r = pipeline(30_000, target("csv", List.of(), 1)).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        long total = Files.size(dir.resolve("events.csv"));
        assertThat(r.files()).hasSizeGreaterThanOrEqualTo((int) (total >> 20));
        assertThat(r.files().stream().mapToLong(FileMetadata::recordCount).sum()).isEqualTo(30_000);
        for (FileMetadata f : r.files().subList(0, r.files().size() - 1)) {
            assertThat(f.sizeBytes()).isBetween(1L << 20, (1L << 20) + (1L << 18));
        }
        assertThat(duckdb("SELECT count(*), sum(id)::BIGINT FROM read_csv('" + dir.resolve(
                "out/raw/ops/telemetry/events") + "/*.csv', header=true)"))
                .containsExactly(List.of(30_000L, 30_000L * 30_001 / 2));
    }

    @Test
    void parquetFilesAreCutNearTheTargetSizeToo() throws Exception {
        writeEvents(120_000);
        RunResult r = pipeline(10_000, target("parquet", List.of(), 1)).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.files()).hasSizeGreaterThan(3);
        for (FileMetadata f : r.files().subList(0, r.files().size() - 1)) {
            assertThat(f.sizeBytes()).isBetween((1L << 20) - (1L << 17), (1L << 20) + (1L << 18));
        }
        assertThat(duckdb("SELECT count(*), count(DISTINCT id), sum(id)::BIGINT FROM read_parquet('"
                + dir.resolve("out/raw/ops/telemetry/events") + "/*.parquet')"))
                .containsExactly(List.of(120_000L, 120_000L, 120_000L * 120_001 / 2));
    }

    @Test
    void partitionValuesAreEscapedSoNoneLeavesItsDirectory() throws Exception {
        Files.writeString(dir.resolve("events.csv"), """
                id,region,payload
                1,../../escape,a
                2,a/b,b
                3,..,c
                4,,d
                5,eu,e
                """);
        RunResult r = pipeline(10, target("jsonl", List.of("region"), 128)).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        Path table = dir.resolve("out/raw/ops/telemetry/events").toAbsolutePath();
        assertThat(r.files()).hasSize(5).allSatisfy(f -> assertThat(Path.of(f.path()).normalize()).startsWith(table));
        assertThat(r.files()).extracting(f -> Path.of(f.path()).getParent().getFileName().toString())
                .containsExactlyInAnyOrder("region=..%2F..%2Fescape", "region=a%2Fb", "region=%2E%2E",
                        "region=__HIVE_DEFAULT_PARTITION__", "region=eu");
        assertThat(filesUnder(dir)).allMatch(p -> p.startsWith("out/raw/ops/telemetry/events/") || p.equals("events.csv"));
        assertThat(r.files()).allSatisfy(f -> assertThat(Path.of(f.path()).getFileName().toString())
                .matches("part-" + r.runId() + "-files-0-a1-\\d{5}\\.jsonl"));
        assertThat(duckdb("SELECT id, payload FROM read_json_auto('" + table + "/region=eu/*.jsonl')"))
                .containsExactly(List.of(5L, "e"));
    }

    @Test
    void jsonLinesInputIsReadAndCoerced() throws Exception {
        Files.writeString(dir.resolve("events.jsonl"), """
                {"id": 1, "region": "eu", "payload": {"k": [1, 2]}}

                {"id": "2", "region": null, "payload": "plain", "unknown": true}
                """);
        SourceConfig jsonl = new SourceConfig("jsonl", null, Map.of(), Map.of(), List.of(), List.of(), null,
                List.of(new FileSpec("*.jsonl", null, null)), null, Map.of(), dir.toString());
        RunResult r = Pipeline.builder().tenant("t").asset(EVENTS).source(jsonl)
                .target(target("parquet", List.of(), 128)).allocator(allocator).build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.validation().droppedColumns()).containsEntry("unknown", 2L);
        assertThat(duckdb("SELECT id, region, payload FROM read_parquet('" + r.files().get(0).path() + "') ORDER BY id"))
                .containsExactly(List.of(1L, "eu", "{\"k\":[1,2]}"), java.util.Arrays.asList(2L, null, "plain"));
        Files.writeString(dir.resolve("events.jsonl"), "{\"id\": 1}\n{\"id\": 2,,}\n");
        RunResult bad = Pipeline.builder().tenant("t").asset(EVENTS).source(jsonl)
                .target(target("parquet", List.of(), 128)).allocator(allocator).build().run();
        assertThat(bad.error()).contains("events.jsonl:2").contains("not valid JSON");
    }
}
