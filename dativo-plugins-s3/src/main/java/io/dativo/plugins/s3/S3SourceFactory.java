package io.dativo.plugins.s3;

import io.dativo.api.BaseReader;
import io.dativo.api.OptionSpec;
import io.dativo.api.ReaderFactory;
import io.dativo.core.connector.file.CsvReaderFactory;
import io.dativo.core.connector.file.ParquetReaderFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the readers of the {@code s3} and {@code minio} source types. Their engine options are those of core's file
 * readers (CSV's are a superset of JSON Lines') and {@code file_format}; the incremental strategy is theirs,
 * {@code file_modified_time}, on the objects' last-modified times.
 */
public final class S3SourceFactory implements ReaderFactory {

    static final Set<String> TYPES = Set.of("s3", "minio");
    private final CsvReaderFactory csv = new CsvReaderFactory();

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public BaseReader create() {
        return new S3SourceReader();
    }

    @Override
    public List<OptionSpec> options() {
        Map<String, OptionSpec> all = new LinkedHashMap<>();
        for (OptionSpec o : csv.options()) {
            all.put(o.name(), o);
        }
        for (OptionSpec o : new ParquetReaderFactory().options()) {
            all.putIfAbsent(o.name(), o);
        }
        all.put("file_format", OptionSpec.choice("file_format", null,
                "the objects' format; by default the extension of the first path, else csv", "csv", "jsonl",
                "parquet"));
        return new ArrayList<>(all.values());
    }

    @Override
    public Set<String> incrementalStrategies() {
        return csv.incrementalStrategies();
    }
}
