package io.dativo.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.DataType;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.FieldSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractWriterTest {

    @TempDir
    Path dir;

    @Test
    void aWrittenContractLoadsBackIntoTheSameFields() throws Exception {
        List<FieldSpec> fields = List.of(
                FieldSpec.of("id", DataType.LONG, true).withPrimaryKey(true),
                new FieldSpec("amount", DataType.DECIMAL, false, null, null, 12, 3),
                new FieldSpec("whole", DataType.DECIMAL, true, null, null, 20, 0),
                new FieldSpec("e-mail", DataType.STRING, false, "PII", "who: \"quoted\" \\ back", 38, 9),
                FieldSpec.of("zip code", DataType.STRING, false), FieldSpec.of("#1: yes", DataType.BOOLEAN, false),
                FieldSpec.of("at", DataType.TIMESTAMP, true), FieldSpec.of("day", DataType.DATE, false),
                FieldSpec.of("clock", DataType.TIME, false), FieldSpec.of("raw", DataType.BINARY, false),
                FieldSpec.of("doc", DataType.JSON, false), FieldSpec.of("r", DataType.FLOAT, false),
                FieldSpec.of("d", DataType.DOUBLE, false), FieldSpec.of("tab\there", DataType.STRING, false));
        Files.writeString(dir.resolve("asset.yaml"), ContractWriter.yaml(new DiscoveredObject("sales.orders",
                fields)));
        Files.writeString(dir.resolve("job.yaml"), """
                tenant_id: t
                source_connector: csv
                target_connector: local
                asset_path: asset.yaml
                source: {files: [{path: x.csv}]}
                target: {connection: {path: out}}
                """);
        JobSpec spec = new JobLoader().withBaseDir(dir).load(dir.resolve("job.yaml"));
        assertThat(spec.asset().name()).isEqualTo("sales.orders");
        assertThat(spec.asset().objectName()).isEqualTo("sales.orders");
        assertThat(spec.asset().schema()).isEqualTo(fields);
        assertThat(spec.target().mergeKeys()).containsExactly("id");
    }
}
