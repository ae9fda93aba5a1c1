package io.dativo.core.connector.file;

import io.dativo.api.BaseWriter;
import io.dativo.api.OptionSpec;
import io.dativo.api.WriteMode;
import io.dativo.api.WriterFactory;
import java.util.List;
import java.util.Set;

/** Makes {@link FileTargetWriter}s and declares their connector types, write modes and engine options. */
public final class FileTargetFactory implements WriterFactory {

    static final Set<String> TYPES = Set.of("local", "file", "csv", "jsonl");
    static final Set<WriteMode> WRITE_MODES = Set.of(WriteMode.APPEND, WriteMode.OVERWRITE);

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public BaseWriter create() {
        return new FileTargetWriter();
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.optional("field_ids", OptionSpec.Type.MAP, null,
                        "column name to Parquet field id, written on each column"),
                OptionSpec.optional("lease_ttl_seconds", OptionSpec.Type.INTEGER,
                        FileTargetWriter.DEFAULT_LEASE_TTL_SECONDS,
                        "how long a run's lease in the staging folder outlives its last heartbeat"),
                OptionSpec.optional("manifests_kept", OptionSpec.Type.INTEGER, FileTargetWriter.DEFAULT_MANIFESTS_KEPT,
                        "committed manifests kept per job; older ones are deleted at commit"));
    }

    @Override
    public Set<WriteMode> writeModes() {
        return WRITE_MODES;
    }
}
