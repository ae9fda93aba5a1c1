package io.dativo.core.connector.file;

import io.dativo.api.BaseReader;
import io.dativo.api.OptionSpec;
import io.dativo.api.ReaderFactory;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** What the factories of the built-in file readers share: one type, its engine options, the modified-time cursor. */
abstract class FileReaderFactory implements ReaderFactory {

    private final String type;
    private final Supplier<BaseReader> reader;
    private final List<OptionSpec> options;

    FileReaderFactory(String type, Supplier<BaseReader> reader, List<OptionSpec> options) {
        this.type = type;
        this.reader = reader;
        this.options = List.copyOf(options);
    }

    @Override
    public Set<String> types() {
        return Set.of(type);
    }

    @Override
    public BaseReader create() {
        return reader.get();
    }

    @Override
    public List<OptionSpec> options() {
        return options;
    }

    @Override
    public Set<String> incrementalStrategies() {
        return FileReaderOptions.STRATEGIES;
    }
}
