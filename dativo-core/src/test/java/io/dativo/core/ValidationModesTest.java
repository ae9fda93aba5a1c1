package io.dativo.core;

import static io.dativo.core.testing.TestSupport.duckdb;
import static io.dativo.core.testing.TestSupport.filesUnder;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.ValidationMode;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.core.validate.ValidationFailedException;
import io.dativo.core.validate.ValidationSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The three validation modes, every contract type through a real run, and the summary. */
class ValidationModesTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    static final AssetDefinition ASSET = new AssetDefinition("typed", "1.0", "d", "p", null, null, List.of(
            FieldSpec.of("id", DataType.LONG, true),
            FieldSpec.of("name", DataType.STRING, true),
            new FieldSpec("price", DataType.DECIMAL, false, null, null, 10, 2),
            FieldSpec.of("ratio", DataType.DOUBLE, false),
            FieldSpec.of("small", DataType.FLOAT, false),
            FieldSpec.of("active", DataType.BOOLEAN, false),
            FieldSpec.of("day", DataType.DATE, false),
            FieldSpec.of("at", DataType.TIMESTAMP, false),
            FieldSpec.of("clock", DataType.TIME, false),
            FieldSpec.of("blob", DataType.BINARY, false),
            FieldSpec.of("doc", DataType.JSON, false),
            new FieldSpec("ssn", DataType.LONG, false, "PII", null, 38, 9)),
            "owner@example.com", List.of("PII"), 30, List.of("t"), Map.of());

    static final String CSV = """
            id,name,price,ratio,small,active,day,at,clock,blob,doc,ssn,extra
            1,ok,19.99,0.5,1.25,yes,2024-01-15,2024-01-15 10:30:00.827,10:30:00,aGVsbG8=,"{""a"": 1}",123,x
            2,bad-int,1.00,,,,,,,,,,y
            x3,bad-id,1.00,,,,,,,,,,z
            4,,9.999,abc,,maybe,2024-02-30,noon,25:00,***,{oops,secret-value,w
            5,nulls,,,,,,,,,,,v
            """;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("in.csv"), CSV);
    }

    private RunResult run(ValidationMode mode) {
        return Pipeline.builder().tenant("t").asset(ASSET).validationMode(mode)
                .source(new SourceConfig("csv", null, Map.of(), Map.of(), List.of(), List.of(), null,
                        List.of(new FileSpec("in.csv", "typed", null)), null, Map.of("batch_size", 2), dir.toString()))
                .target(new TargetConfig("local", null, Map.of("path", "out"), Map.of(), Map.of(), "parquet",
                        "zstd", List.of(), 128, "append", Map.of(), dir.toString()))
                .allocator(allocator).build().run();
    }

    @Test
    void warnCommitsEveryRecordWithInvalidValuesAsNull() throws Exception {
        RunResult r = run(ValidationMode.WARN);
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED_WITH_WARNINGS);
        assertThat(r.recordsRead()).isEqualTo(5);
        assertThat(r.recordsInvalid()).isEqualTo(2);
        assertThat(r.recordsWritten()).isEqualTo(5);
        ValidationSummary v = r.validation();
        assertThat(v.errorsByField()).containsEntry("id", 1L).containsEntry("name", 1L).containsEntry("price", 1L)
                .containsEntry("ratio", 1L).containsEntry("active", 1L).containsEntry("day", 1L)
                .containsEntry("at", 1L).containsEntry("clock", 1L).containsEntry("blob", 1L)
                .containsEntry("doc", 1L).containsEntry("ssn", 1L);
        assertThat(v.errorsByKind()).containsEntry("required", 1L).containsEntry("invalid_integer", 2L)
                .containsEntry("invalid_timestamp", 1L);
        assertThat(v.totalErrors()).isEqualTo(11);
        assertThat(v.droppedColumns()).containsEntry("extra", 5L);
        assertThat(v.firstErrors()).anySatisfy(e -> {
            assertThat(e.position()).isEqualTo("in.csv:4");
            assertThat(e.field()).isEqualTo("id");
            assertThat(e.message()).contains("'x3' is not an integer");
        });
        assertThat(v.firstErrors()).filteredOn(e -> e.field().equals("ssn")).singleElement()
                .satisfies(e -> assertThat(e.message()).doesNotContain("secret-value").contains("PII"));

        Path file = Path.of(r.files().get(0).path());
        List<List<Object>> rows = duckdb("SELECT id, name, price::VARCHAR, ratio, small, active, \"day\"::VARCHAR, "
                + "strftime(\"at\", '%Y-%m-%d %H:%M:%S.%g'), clock::VARCHAR, decode(blob), doc::VARCHAR, ssn "
                + "FROM read_parquet('" + file + "') ORDER BY id NULLS LAST");
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).containsExactly(1L, "ok", "19.99", 0.5, 1.25f, true, "2024-01-15",
                "2024-01-15 10:30:00.827", "10:30:00", "hello", "{\"a\": 1}", 123L);
        assertThat(rows.get(4).get(0)).as("invalid id becomes null").isNull();
        assertThat(rows.get(2).subList(0, 3)).containsExactly(4L, null, null);
        List<List<Object>> meta = duckdb("SELECT decode(value) FROM parquet_kv_metadata('" + file
                + "') WHERE key = 'dativo.owner'");
        assertThat(meta.get(0).get(0)).isEqualTo("owner@example.com");
    }

    @Test
    void strictFailsAndCommitsNothing() throws Exception {
        RunResult r = run(ValidationMode.STRICT);
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("strict validation failed").contains("in.csv:4").contains("x3");
        assertThat(r.failure()).isInstanceOf(ValidationFailedException.class);
        assertThat(filesUnder(dir.resolve("out"))).isEmpty();
    }

    @Test
    void strictStopsReaderAndWriterWhileBatchesAreStillInFlight() throws Exception {
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 1; i <= 50_000; i++) {
            csv.append(i == 30_001 ? "x" : String.valueOf(i)).append(",n").append(i).append('\n');
        }
        Files.writeString(dir.resolve("many.csv"), csv);
        RunResult r = Pipeline.builder().tenant("t").asset(ASSET).validationMode(ValidationMode.STRICT)
                .source(new SourceConfig("csv", null, Map.of(), Map.of(), List.of(), List.of(), null,
                        List.of(new FileSpec("many.csv", "typed", null)), null, Map.of("batch_size", 100),
                        dir.toString()))
                .target(new TargetConfig("local", null, Map.of("path", "out"), Map.of(), Map.of(), "parquet",
                        "snappy", List.of(), 128, "append", Map.of(), dir.toString()))
                .allocator(allocator).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("many.csv:30002").contains("'x' is not an integer");
        assertThat(r.recordsRead()).isLessThan(50_000);
        assertThat(filesUnder(dir.resolve("out"))).isEmpty();
    }

    @Test
    void quarantineCommitsValidRecordsAndWritesRejectsWithReasons() throws Exception {
        RunResult r = run(ValidationMode.QUARANTINE);
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED_WITH_WARNINGS);
        assertThat(r.recordsWritten()).isEqualTo(3);
        assertThat(r.files()).allSatisfy(f -> assertThat(f.path()).endsWith(".parquet"));
        assertThat(duckdb("SELECT id FROM read_parquet('" + r.files().get(0).path() + "') ORDER BY id"))
                .extracting(row -> row.get(0)).containsExactly(1L, 2L, 5L);
        List<String> rejects = filesUnder(dir.resolve("out")).stream().filter(p -> p.contains("_rejects/")).toList();
        assertThat(rejects).hasSize(1);
        List<List<Object>> lines = duckdb("SELECT position, errors::VARCHAR FROM read_json_auto('"
                + dir.resolve("out").resolve(rejects.get(0)) + "') ORDER BY position");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get(0)).isEqualTo("in.csv:4");
        assertThat((String) lines.get(0).get(1)).contains("x3");
        assertThat((String) lines.get(1).get(1)).contains("required field").contains("name").contains("not valid JSON");
    }
}
