package io.dativo.core.connector.file;

import static io.dativo.core.testing.TestSupport.duckdb;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.config.JobLoader;
import io.dativo.core.format.ParquetBatchWriter;
import io.dativo.core.storage.LocalFileIO;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Parquet source whose UTF8 column holds bytes that are not UTF-8 (other writers do not check) is handled like
 * ill-formed text in a CSV: an invalid value at its row, and never copied into the output.
 */
class ParquetInvalidTextTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    static final AssetDefinition ASSET = AssetDefinition.of("texts", List.of(FieldSpec.of("id", DataType.LONG, true),
            FieldSpec.of("name", DataType.STRING, false)));

    @BeforeEach
    void writeSource() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        LocalFileIO io = new LocalFileIO();
        ParquetBatchWriter writer = new ParquetBatchWriter(io.newOutputFile(dir.resolve("in/bad.parquet").toString()),
                ASSET, Map.of(), "snappy", 1 << 20, Map.of());
        try (ParquetBatchWriter out = writer; VectorSchemaRoot root = VectorSchemaRoot.create(ASSET.arrowSchema(),
                allocator)) {
            BigIntVector id = (BigIntVector) root.getVector("id");
            VarCharVector name = (VarCharVector) root.getVector("name");
            byte[][] names = {"ok".getBytes(StandardCharsets.UTF_8), {'a', 'b', (byte) 0xFF, (byte) 0xFE, 'c', 'd'},
                    {(byte) 0xC3, 0x28}};
            for (int r = 0; r < names.length; r++) {
                id.setSafe(r, r + 1);
                name.setSafe(r, names[r]);
            }
            root.setRowCount(names.length);
            out.write(root, null, 0);
        }
        io.publish(writer.written().pending());
        Files.writeString(dir.resolve("texts.yaml"), """
                apiVersion: v3.0.2
                kind: DataContract
                name: texts
                version: "1.0"
                domain: test
                dataProduct: parquet
                schema:
                  - {name: id, type: long, required: true}
                  - {name: name, type: string}
                """);
    }

    private RunResult run(String mode) throws Exception {
        Path job = dir.resolve("job.yaml");
        Files.writeString(job, """
                tenant_id: acme
                source_connector: parquet
                target_connector: local
                asset_path: texts.yaml
                source:
                  files:
                    - path: in/*.parquet
                      object: texts
                target:
                  connection:
                    path: out
                  file_format: parquet
                schema_validation_mode: %s
                """.formatted(mode));
        return Pipeline.fromYaml(job, new JobLoader().withBaseDir(dir)).withAllocator(allocator).run();
    }

    @Test
    void strictFailsAtTheRowAndCommitsNothing() throws Exception {
        RunResult r = run("strict");
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("in/bad.parquet:2").contains("not valid UTF-8");
        assertThat(dir.resolve("out")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(Files.walk(p).filter(Files::isRegularFile)
                        .filter(f -> f.toString().endsWith(".parquet"))).isEmpty());
    }

    @Test
    void warnWritesNullsThatDuckDbReads() throws Exception {
        RunResult r = run("warn");
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED_WITH_WARNINGS);
        assertThat(r.validation().errorsByField()).containsEntry("name", 2L);
        assertThat(duckdb("SELECT id, name FROM read_parquet('" + dir.resolve("out") + "/**/*.parquet') ORDER BY id"))
                .containsExactly(List.of(1L, "ok"), Arrays.asList(2L, null),
                        Arrays.asList(3L, null));
    }
}
