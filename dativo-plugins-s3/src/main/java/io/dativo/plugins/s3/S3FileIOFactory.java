package io.dativo.plugins.s3;

import io.dativo.api.io.FileIO;
import io.dativo.api.io.FileIOFactory;
import java.util.Map;
import java.util.Set;

/**
 * Serves {@code s3://}, {@code s3a://} and {@code s3n://} locations with an {@link S3FileIO} configured from the
 * source's or target's connection and credentials ({@link S3Settings}).
 */
public final class S3FileIOFactory implements FileIOFactory {

    @Override
    public Set<String> schemes() {
        return Set.of("s3", "s3a", "s3n");
    }

    @Override
    public FileIO create(Map<String, Object> properties) {
        return new S3FileIO(S3Settings.from(properties));
    }
}
