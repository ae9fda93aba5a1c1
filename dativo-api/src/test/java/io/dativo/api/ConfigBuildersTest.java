package io.dativo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Builders, copies with one value changed, and the constructors that predate them. */
class ConfigBuildersTest {

    @Test
    void aSourceSurvivesToBuilderAndBuild() {
        SourceConfig source = new SourceConfig("csv", "a.jar:com.acme.R", Map.of("host", "h"), Map.of("user", "u"),
                List.of("o"), List.of(new TableSpec("t", null, "updated")), "select 1",
                List.of(new FileSpec("in/*.csv", "orders", null)),
                new IncrementalSpec("file_modified_time", null, 2, null), Map.of("batch_size", 10), "/base");
        assertThat(source.toBuilder().build()).isEqualTo(source);
        SourceConfig changed = source.withEngineOptions(Map.of("batch_size", 20));
        assertThat(changed.engineOptions()).containsEntry("batch_size", 20);
        assertThat(changed.withEngineOptions(source.engineOptions())).isEqualTo(source);
        assertThat(source.withIncremental(null).incremental()).isNull();
        assertThat(SourceConfig.builder("jsonl").build().files()).isEmpty();
    }

    @Test
    void aTargetSurvivesToBuilderAndBuildAndTheStringWriteModeConstructorStillWorks() {
        TargetConfig old = new TargetConfig("local", null, Map.of("path", "out"), Map.of(), Map.of(), "parquet",
                "zstd", List.of("ingest_date"), 64, "overwrite", Map.of(), "/base");
        assertThat(old.writeMode()).isEqualTo(WriteMode.OVERWRITE);
        assertThat(old.mergeKeys()).isEmpty();
        assertThat(old.toBuilder().build()).isEqualTo(old);
        TargetConfig merging = old.withWriteMode(WriteMode.MERGE).withMergeKeys(List.of("id"));
        assertThat(merging.toBuilder().build()).isEqualTo(merging);
        assertThat(merging.toString()).contains("writeMode=merge").contains("mergeKeys=[id]");
        assertThat(TargetConfig.builder("local").build().writeMode()).isEqualTo(WriteMode.APPEND);
        assertThat(TargetConfig.local("out", "csv", List.of()).connection()).containsEntry("path", "out");
        assertThatThrownBy(() -> new TargetConfig("local", null, Map.of(), Map.of(), Map.of(), "parquet", "snappy",
                List.of(), 1, "upsert", Map.of(), null)).hasMessage("unknown write mode 'upsert'");
    }

    @Test
    void anAssetSurvivesToBuilderAndBuildAndKnowsItsPrimaryKey() {
        List<FieldSpec> fields = List.of(FieldSpec.of("region", DataType.STRING, true).withPrimaryKey(true),
                FieldSpec.of("amount", DataType.DOUBLE, false),
                FieldSpec.of("id", DataType.LONG, true).withPrimaryKey(true));
        AssetDefinition asset = new AssetDefinition("orders", "2.0", "sales", "shop", "acme", "orders", fields,
                "team", List.of("PII"), 30, List.of("t"), Map.of("file_format", "csv"));
        assertThat(asset.toBuilder().build()).isEqualTo(asset);
        assertThat(asset.primaryKey()).containsExactly("region", "id");
        assertThat(asset.withSchema(fields.subList(1, 2)).primaryKey()).isEmpty();
        assertThat(AssetDefinition.of("a", fields)).isEqualTo(AssetDefinition.builder("a").schema(fields).build());
        assertThat(new FieldSpec("x", DataType.LONG, false, null, null, 38, 9).primaryKey()).isFalse();
    }

    @Test
    void writeModesReadAsWrittenInJobs() {
        assertThat(WriteMode.parse(" Overwrite ")).contains(WriteMode.OVERWRITE);
        assertThat(WriteMode.parse("upsert")).isEmpty();
        assertThat(WriteMode.MERGE.id()).isEqualTo("merge");
    }

    @Test
    void aConfigExceptionIsOfKindConfig() {
        assertThat(new ConfigException(List.of(new ConfigProblem("job.yaml", 1, 2, "name", "bad"))).kind())
                .isEqualTo(ErrorKind.CONFIG);
    }
}
