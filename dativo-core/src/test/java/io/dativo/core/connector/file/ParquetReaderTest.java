package io.dativo.core.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitPlan;
import io.dativo.core.state.FileWatermark;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.core.config.JobLoader;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.testkit.TestReadContext;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code source_connector: parquet} end to end: DuckDB-written files through a job to a local Parquet target, read
 * back by DuckDB; split planning by files and row groups; incremental runs.
 */
class ParquetReaderTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    static final String CONTRACT = """
            apiVersion: v3.0.2
            kind: DataContract
            name: all_types
            version: "1.0"
            domain: test
            dataProduct: parquet
            schema:
              - {name: id, type: integer, required: true}
              - {name: s, type: string}
              - {name: cat, type: string, required: true}
              - {name: l, type: long}
              - {name: i32, type: integer}
              - {name: f, type: float}
              - {name: d, type: double}
              - {name: dec9, type: decimal, precision: 9, scale: 2}
              - {name: dec10, type: decimal, precision: 10, scale: 2}
              - {name: dec18, type: decimal, precision: 18, scale: 4}
              - {name: dec38, type: decimal, precision: 38, scale: 9}
              - {name: b, type: boolean}
              - {name: dt, type: date}
              - {name: ts, type: timestamp}
              - {name: tstz, type: timestamp}
              - {name: tm, type: time}
              - {name: bl, type: binary}
              - {name: j, type: json}
              - {name: tsns, type: timestamp}
              - {name: tsms, type: timestamp}
            """;

    /** Columns compared between input and output, as DuckDB reads them from either file. */
    static final String COMPARED = "id, s, cat, l, CAST(i32 AS BIGINT), f, d, dec9, dec10, dec18, dec38, b, dt, "
            + "epoch_us(ts), epoch_us(tstz), tm, bl, CAST(j AS VARCHAR), epoch_us(tsms)";

    @BeforeEach
    void input() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        DuckDb.execute("COPY (" + io.dativo.core.format.ParquetBatchReaderTest.ALL_SELECT.replace("ROWS", "6000")
                + ") TO '" + dir.resolve("in/big.parquet") + "' (FORMAT parquet, ROW_GROUP_SIZE 2048, COMPRESSION zstd)");
        DuckDb.execute("COPY (" + io.dativo.core.format.ParquetBatchReaderTest.ALL_SELECT.replace("ROWS", "300")
                .replace("SELECT i AS id", "SELECT i + 100000 AS id") + ") TO '" + dir.resolve("in/small.parquet")
                + "' (FORMAT parquet, COMPRESSION gzip)");
        Files.writeString(dir.resolve("all_types.yaml"), CONTRACT);
    }

    Path job(String mode, String extra) throws Exception {
        Path job = dir.resolve("job.yaml");
        Files.writeString(job, """
                tenant_id: acme
                source_connector: parquet
                target_connector: local
                asset_path: all_types.yaml
                source:
                  files:
                    - path: in/*.parquet
                      object: all_types
                %s
                target:
                  connection:
                    path: out
                  file_format: parquet
                schema_validation_mode: %s
                """.formatted(extra, mode));
        return job;
    }

    @Test
    void aJobReadsParquetFilesIntoALocalParquetTargetValueForValue() throws Exception {
        RunResult r = Pipeline.fromYaml(job("strict", ""), new JobLoader().withBaseDir(dir)).withAllocator(allocator)
                .run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.recordsRead()).isEqualTo(6300);
        assertThat(r.recordsWritten()).isEqualTo(6300);
        assertThat(r.validation().totalErrors()).isZero();
        assertThat(r.validation().droppedColumns()).isEmpty();

        String out = dir.resolve("out") + "/**/*.parquet";
        String in = dir.resolve("in") + "/*.parquet";
        assertThat(DuckDb.query("SELECT count(*) FROM read_parquet('" + out + "')")).containsExactly(List.of(6300L));
        for (String[] pair : new String[][]{{out, in}, {in, out}}) {
            assertThat(DuckDb.query("SELECT count(*) FROM (SELECT " + COMPARED + " FROM read_parquet('" + pair[0]
                    + "') EXCEPT ALL SELECT " + COMPARED + " FROM read_parquet('" + pair[1] + "'))"))
                    .containsExactly(List.of(0L));
        }
        // Nanoseconds truncated toward the past.
        assertThat(DuckDb.query("SELECT count(*) FROM read_parquet('" + out + "') o JOIN read_parquet('" + in
                + "') i USING (id) WHERE epoch_us(o.tsns) <> (epoch_ns(i.tsns) - ((epoch_ns(i.tsns) % 1000) + 1000)"
                + " % 1000) // 1000")).containsExactly(List.of(0L));
    }

    @Test
    void aRequiredColumnTheFileLacksIsReportedOnceAsMissing() throws Exception {
        Files.writeString(dir.resolve("all_types.yaml"), CONTRACT + "  - {name: region, type: string, required: true}\n");
        RunResult r = Pipeline.fromYaml(job("warn", ""), new JobLoader().withBaseDir(dir)).withAllocator(allocator)
                .run();
        assertThat(r.status()).as(r.error()).isNotEqualTo(RunStatus.FAILED);
        assertThat(r.validation().errorsByField()).containsOnlyKeys("region");
        assertThat(r.validation().firstErrors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("missing_field");
            assertThat(e.message()).contains("not in the source");
            assertThat(e.count()).isEqualTo(6300);
        });
    }

    @Test
    void textWhereTheContractSaysIntegerIsCheckedByTheValidatorWithItsRow() throws Exception {
        Files.delete(dir.resolve("in/big.parquet"));
        DuckDb.execute("COPY (SELECT * REPLACE (CASE WHEN id = 100002 THEN 'two' ELSE CAST(id AS VARCHAR) END AS id) FROM"
                + " read_parquet('" + dir.resolve("in/small.parquet") + "')) TO '" + dir.resolve("in/small.parquet")
                + ".tmp' (FORMAT parquet)");
        Files.move(dir.resolve("in/small.parquet.tmp"), dir.resolve("in/small.parquet"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        RunResult r = Pipeline.fromYaml(job("warn", ""), new JobLoader().withBaseDir(dir)).withAllocator(allocator)
                .run();
        assertThat(r.recordsRead()).isEqualTo(300);
        assertThat(r.validation().firstErrors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("id");
            assertThat(e.position()).isEqualTo("in/small.parquet:3");
        });
    }

    @Test
    void aSecondIncrementalRunReadsNothingNew() throws Exception {
        InMemoryStateStore store = new InMemoryStateStore();
        String incremental = "  incremental:\n    strategy: file_modified_time";
        RunResult first = Pipeline.fromYaml(job("strict", incremental), new JobLoader().withBaseDir(dir))
                .withStateStore(store).withAllocator(allocator).run();
        assertThat(first.recordsRead()).as(first.error()).isEqualTo(6300);
        RunResult second = Pipeline.fromYaml(job("strict", incremental), new JobLoader().withBaseDir(dir))
                .withStateStore(store).withAllocator(allocator).run();
        assertThat(second.status()).as(second.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.recordsRead()).isZero();
    }

    /** A context for one split, collecting the ids it reads. */
    ReadContext context(AssetDefinition asset, ReadSplit split, long targetBytes) {
        return TestReadContext.builder(allocator, asset).batchSize(500).runId("run").split(split)
                .targetSplitBytes(targetBytes).build();
    }

    @Test
    void splitsCutABigFileByRowGroupsAndTogetherReadEveryRowOnce() throws Exception {
        AssetDefinition ids = AssetDefinition.of("ids", List.of(FieldSpec.of("id", DataType.LONG, true)));
        SourceConfig source = new SourceConfig("parquet", null, Map.of(), Map.of(), List.of(), List.of(), null,
                List.of(new FileSpec("in/*.parquet", "all_types", null)),
                new IncrementalSpec("file_modified_time", null, 0, null), Map.of(), dir.toString());
        long big = Files.size(dir.resolve("in/big.parquet"));
        long small = Files.size(dir.resolve("in/small.parquet"));
        SplitPlan plan;
        try (ParquetReader planner = new ParquetReader()) {
            planner.open(source);
            plan = planner.planSplits(context(ids, ReadSplit.whole(), small + 1));
        }
        // big.parquet is larger than the target: one split per row group (each near a third of it); small on its own.
        assertThat(big).isGreaterThan(small + 1);
        assertThat(plan.splits()).hasSize(4);
        assertThat(plan.splits().subList(0, 3)).allSatisfy(s -> assertThat(s.property("files"))
                .contains("big.parquet").contains("\"start\"").doesNotContain("small.parquet"));
        assertThat(plan.splits().get(3).property("files")).contains("small.parquet");
        assertThat(plan.state()).containsOnlyKeys("all_types");
        assertThat(plan.state().get("all_types")).containsOnlyKeys(FileWatermark.WATERMARK, FileWatermark.AT_WATERMARK);

        List<Long> seen = new ArrayList<>();
        for (ReadSplit split : plan.splits()) {
            try (ParquetReader reader = new ParquetReader()) {
                reader.open(source);
                reader.extract(context(ids, split, small + 1), (SourceBatch b) -> {
                    try (VectorSchemaRoot root = b.root()) {
                        for (int r = 0; r < root.getRowCount(); r++) {
                            seen.add((Long) root.getVector("id").getObject(r));
                        }
                    }
                });
            }
        }
        assertThat(seen).hasSize(6300).doesNotHaveDuplicates();

        try (ParquetReader planner = new ParquetReader()) {
            planner.open(source);
            SplitPlan onePlan = planner.planSplits(context(ids, ReadSplit.whole(), 1L << 30));
            assertThat(onePlan.splits()).singleElement().satisfies(s -> {
                assertThat(s.property("files")).contains("big.parquet").contains("small.parquet")
                        .doesNotContain("\"start\"");
            });
        }
    }
}
