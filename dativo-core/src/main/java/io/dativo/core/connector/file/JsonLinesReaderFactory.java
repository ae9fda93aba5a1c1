package io.dativo.core.connector.file;

import io.dativo.api.BaseReader;
import io.dativo.api.OptionSpec;
import io.dativo.api.ReaderFactory;
import java.util.List;
import java.util.Set;

/** Makes {@link JsonLinesReader}s for the {@code jsonl} connector type and declares their engine options. */
public final class JsonLinesReaderFactory implements ReaderFactory {

    @Override
    public Set<String> types() {
        return Set.of("jsonl");
    }

    @Override
    public BaseReader create() {
        return new JsonLinesReader();
    }

    @Override
    public List<OptionSpec> options() {
        return FileReaderOptions.jsonl();
    }

    @Override
    public Set<String> incrementalStrategies() {
        return FileReaderOptions.STRATEGIES;
    }
}
