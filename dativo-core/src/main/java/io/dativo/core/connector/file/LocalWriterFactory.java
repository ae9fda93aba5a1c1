package io.dativo.core.connector.file;

import io.dativo.api.BaseWriter;
import io.dativo.api.WriteMode;
import io.dativo.api.WriterFactory;
import java.util.Set;

/**
 * Makes the writer of files under a local directory, for the {@code local} and {@code file} connector types (and
 * {@code csv}, {@code jsonl}, which name the same target by its format). It declares no engine options: recipes pass
 * theirs through to every target.
 */
public final class LocalWriterFactory implements WriterFactory {

    @Override
    public Set<String> types() {
        return Set.of("local", "file", "csv", "jsonl");
    }

    @Override
    public BaseWriter create() {
        return new LocalFileWriter();
    }

    @Override
    public Set<WriteMode> writeModes() {
        return Set.of(WriteMode.APPEND, WriteMode.OVERWRITE);
    }
}
