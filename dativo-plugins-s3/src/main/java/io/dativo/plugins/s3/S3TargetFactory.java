package io.dativo.plugins.s3;

import io.dativo.api.BaseWriter;
import io.dativo.api.OptionSpec;
import io.dativo.api.WriteMode;
import io.dativo.api.WriterFactory;
import io.dativo.core.connector.file.FileTargetFactory;
import java.util.List;
import java.util.Set;

/**
 * Makes the writers of the {@code s3} and {@code minio} target types; their engine options and write modes are those
 * of core's file target, which does the writing.
 */
public final class S3TargetFactory implements WriterFactory {

    static final Set<String> TYPES = Set.of("s3", "minio");
    private final FileTargetFactory files = new FileTargetFactory();

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public BaseWriter create() {
        return new S3TargetWriter();
    }

    @Override
    public List<OptionSpec> options() {
        return files.options();
    }

    @Override
    public Set<WriteMode> writeModes() {
        return files.writeModes();
    }
}
