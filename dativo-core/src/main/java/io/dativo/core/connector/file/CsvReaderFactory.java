package io.dativo.core.connector.file;

import io.dativo.api.BaseReader;
import io.dativo.api.OptionSpec;
import io.dativo.api.ReaderFactory;
import java.util.List;
import java.util.Set;

/** Makes {@link CsvReader}s for the {@code csv} connector type and declares their engine options. */
public final class CsvReaderFactory implements ReaderFactory {

    @Override
    public Set<String> types() {
        return Set.of("csv");
    }

    @Override
    public BaseReader create() {
        return new CsvReader();
    }

    @Override
    public List<OptionSpec> options() {
        return FileReaderOptions.csv();
    }

    @Override
    public Set<String> incrementalStrategies() {
        return FileReaderOptions.STRATEGIES;
    }
}
