package io.dativo.plugins.iceberg;

import io.dativo.api.BaseWriter;
import io.dativo.api.OptionSpec;
import io.dativo.api.WriteMode;
import io.dativo.api.WriterFactory;
import java.util.List;
import java.util.Set;

/** Makes the writers of the {@code iceberg} target type ({@link IcebergWriter}) and declares their options. */
public final class IcebergTargetFactory implements WriterFactory {

    static final Set<String> TYPES = Set.of("iceberg");

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public BaseWriter create() {
        return new IcebergWriter();
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.optional("namespace", OptionSpec.Type.STRING, null,
                        "the table's namespace, dotted; by default the contract's domain and data product"),
                OptionSpec.optional("table", OptionSpec.Type.STRING, null,
                        "the table's name; by default the asset's name"),
                OptionSpec.optional("partition_transforms", OptionSpec.Type.MAP, null,
                        "partition column to year, month, day, hour, bucket[N] or truncate[W] for a new table"),
                OptionSpec.optional("allow_breaking_schema_changes", OptionSpec.Type.BOOLEAN, false,
                        "keep columns the contract removed (optional, null in new rows) instead of failing"),
                OptionSpec.optional("commit_retries", OptionSpec.Type.INTEGER, IcebergWriter.DEFAULT_COMMIT_RETRIES,
                        "how often a commit that lost a race with another writer is retried on the refreshed table"));
    }

    @Override
    public Set<WriteMode> writeModes() {
        return Set.of(WriteMode.APPEND, WriteMode.OVERWRITE, WriteMode.MERGE);
    }
}
