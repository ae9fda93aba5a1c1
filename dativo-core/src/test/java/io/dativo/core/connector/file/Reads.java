package io.dativo.core.connector.file;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitPlan;
import io.dativo.core.vector.ValueText;
import io.dativo.testkit.TestReadContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** Runs a file reader the way the pipeline does, outside a pipeline, and collects what it hands over as text. */
final class Reads {

    /** Rows as text (null for null), each row's position ({@code file:line}), and the last batch's column names. */
    record Read(List<String> columns, List<List<String>> rows, List<String> positions) {
    }

    private Reads() {
    }

    /** A context reading the whole source two rows a batch, as the tests' small files need to span batches. */
    static TestReadContext context(BufferAllocator allocator, AssetDefinition asset) {
        return TestReadContext.builder(allocator, asset).batchSize(2).runId("test").build();
    }

    /** A {@code type} source of {@code paths} below {@code base}, with {@code options} and no incremental setting. */
    static SourceConfig source(String type, String base, Map<String, Object> options, String... paths) {
        return source(type, base, options, null, paths);
    }

    /** A {@code type} source of {@code paths} below {@code base}. */
    static SourceConfig source(String type, String base, Map<String, Object> options, IncrementalSpec incremental,
                               String... paths) {
        List<FileSpec> files = new ArrayList<>();
        for (String p : paths) {
            files.add(new FileSpec(p, null, null));
        }
        return new SourceConfig(type, null, Map.of(), Map.of(), List.of(), List.of(), null, files, incremental,
                options, base);
    }

    /** Opens {@code reader} on {@code source}, extracts with {@code context}, closes it. */
    static Read read(BaseReader reader, SourceConfig source, ReadContext context) throws Exception {
        List<String> columns = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        try (reader) {
            reader.open(source);
            reader.extract(context, batch -> {
                try (var root = batch.root()) {
                    columns.clear();
                    root.getFieldVectors().forEach(v -> columns.add(v.getName()));
                    for (int r = 0; r < root.getRowCount(); r++) {
                        List<String> row = new ArrayList<>();
                        for (FieldVector v : root.getFieldVectors()) {
                            row.add(ValueText.text(v, r));
                        }
                        rows.add(row);
                        positions.add(batch.position(r));
                    }
                }
            });
        }
        return new Read(columns, rows, positions);
    }

    /** Plans with a fresh reader, as the pipeline's planner does. */
    static SplitPlan plan(BaseReader reader, SourceConfig source, ReadContext context) throws Exception {
        try (reader) {
            reader.open(source);
            return reader.planSplits(context);
        }
    }
}
