package io.dativo.core.config;

import static io.dativo.core.config.Shape.any;
import static io.dativo.core.config.Shape.anyMap;
import static io.dativo.core.config.Shape.bool;
import static io.dativo.core.config.Shape.integer;
import static io.dativo.core.config.Shape.listOf;
import static io.dativo.core.config.Shape.number;
import static io.dativo.core.config.Shape.obj;
import static io.dativo.core.config.Shape.oneOf;
import static io.dativo.core.config.Shape.text;
import static io.dativo.core.config.Shape.textList;

/** The shapes of jobs, connector recipes and data contracts: what the loader checks and the JSON Schemas show. */
final class JobShapes {

    static final Shape ENGINE = obj().opt("type", text()).opt("options", anyMap());
    static final Shape INCREMENTAL = obj()
            .opt("strategy", oneOf("file_modified_time", "updated_at", "cursor", "full_refresh"))
            .opt("cursor_field", text()).opt("lookback_days", integer()).opt("state_path", text());
    static final Shape SOURCE = obj()
            .opt("custom_reader", text()).opt("connection", anyMap()).opt("credentials", anyMap())
            .opt("objects", textList())
            .opt("tables", listOf(obj().req("name", text()).opt("object", text()).opt("cursor_field", text())
                    .opt("partition_column", text()).opt("partitions", integer())))
            .opt("query", text())
            .opt("files", listOf(obj().req("path", text()).opt("object", text()).opt("id", text())))
            .opt("incremental", INCREMENTAL).opt("engine", ENGINE);
    static final String[] FORMATS = {"parquet", "csv", "jsonl"};
    static final String[] COMPRESSIONS = {"snappy", "zstd", "gzip", "none", "uncompressed"};
    static final Shape TARGET = obj()
            .opt("custom_writer", text()).opt("connection", anyMap()).opt("credentials", anyMap())
            .opt("catalog", any()).opt("file_format", oneOf(FORMATS)).opt("compression", oneOf(COMPRESSIONS))
            .opt("partitioning", textList()).opt("target_file_size_mb", integer())
            .opt("parquet_target_size_mb", integer()).opt("write_mode", oneOf("append", "overwrite", "merge"))
            .opt("merge_keys", textList()).opt("engine", ENGINE);
    static final Shape JOB = obj()
            .req("tenant_id", text()).opt("name", text()).opt("environment", text()).opt("description", text())
            .opt("source_connector", text()).opt("source_connector_path", text())
            .opt("target_connector", text()).opt("target_connector_path", text())
            .opt("asset", text()).req("asset_path", text())
            .req("source", SOURCE).req("target", TARGET)
            .opt("schema_validation_mode", oneOf("strict", "warn", "quarantine"))
            .opt("logging", obj().opt("level", oneOf("trace", "debug", "info", "warn", "error"))
                    .opt("redaction", bool()))
            .opt("retry_config", obj().opt("max_retries", integer()).opt("initial_delay_seconds", number())
                    .opt("max_delay_seconds", number()).opt("backoff_multiplier", number())
                    .opt("retryable_error_patterns", textList()))
            .opt("parallelism", integer()).opt("timeout_seconds", integer())
            .opt("catalog", any());
    static final Shape RECIPE = obj()
            .opt("name", text()).req("type", text()).req("roles", listOf(oneOf("source", "target")))
            .opt("description", text()).opt("version", any()).opt("default_engine", ENGINE)
            .opt("credentials", obj().opt("type", text()).opt("from_env", textList()).opt("file_template", text()))
            .opt("connection_template", anyMap())
            .opt("incremental", obj().opt("strategy", text()).opt("cursor_field_default", text())
                    .opt("lookback_days_default", integer()))
            .opt("rate_limits", any()).opt("file_format", oneOf(FORMATS))
            .opt("partitioning_default", textList()).opt("catalog", any()).opt("allowed_in_cloud", bool());
    static final Shape FIELD = obj()
            .req("name", text()).opt("type", text()).opt("logicalType", text()).opt("physicalType", text())
            .opt("required", bool()).opt("classification", text()).opt("description", text())
            .opt("precision", integer()).opt("scale", integer()).opt("primaryKey", bool())
            .free("primaryKeyPosition", "unique", "tags", "examples", "format", "default",
                    "businessName", "criticalDataElement", "quality", "customProperties", "authoritativeDefinitions",
                    "transformLogic", "transformSourceObjects", "transformDescription", "partitioned",
                    "partitionKeyPosition", "clusterKey", "encryptedName");
    static final Shape.Obj ASSET_BODY = obj()
            .req("name", text()).req("schema", listOf(FIELD)).opt("version", text()).opt("domain", text())
            .opt("dataProduct", text()).opt("tenant", text()).opt("object", text()).opt("source_type", text())
            .opt("tags", textList())
            .opt("target", obj().opt("file_format", oneOf(FORMATS)).opt("partitioning", textList())
                    .opt("mode", oneOf("strict", "warn", "quarantine")))
            .opt("team", anyMap()).opt("compliance", anyMap()).opt("governance", anyMap())
            .free("$schema", "apiVersion", "kind", "id", "status", "description", "data_quality", "finops",
                    "change_management", "servers", "support", "price", "roles", "slaProperties",
                    "slaDefaultElement", "customProperties", "authoritativeDefinitions", "contractCreatedTs",
                    "quality", "dataProductType");
    static final Shape NESTED_ASSET = obj().req("asset", ASSET_BODY).free("$schema", "apiVersion", "kind");

    private JobShapes() {
    }
}
