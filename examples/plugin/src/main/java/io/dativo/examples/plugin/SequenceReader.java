package io.dativo.examples.plugin;

import io.dativo.api.ConnectionCheck;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.ReadContext;
import io.dativo.api.RowReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An example reader: numbers {@code start, start+step, ...} ({@code count} of them, from {@code source.connection})
 * with their squares, in batches of the pipeline's batch size. It shows the row-oriented base class, the optional
 * capabilities, and registration for the connector type {@code sequence}.
 */
public class SequenceReader extends RowReader {

    @Override
    public Set<String> connectorTypes() {
        return Set.of("sequence");
    }

    private long setting(String key, long fallback) {
        Object v = source.connection().get(key);
        return v == null ? fallback : Long.parseLong(v.toString());
    }

    // tag::check-connection[]
    @Override
    public ConnectionCheck checkConnection() {
        return setting("count", 0) >= 0 ? ConnectionCheck.ok("sequence of " + setting("count", 0) + " numbers")
                : ConnectionCheck.failed("CONFIG", "count must not be negative");
    }
    // end::check-connection[]

    @Override
    public List<DiscoveredObject> discover() {
        return List.of(new DiscoveredObject(objectName(), List.of(FieldSpec.of("n", DataType.LONG, true),
                FieldSpec.of("square", DataType.LONG, true), FieldSpec.of("label", DataType.STRING, false))));
    }

    @Override
    public OptionalLong totalRecordsEstimate() {
        return OptionalLong.of(setting("count", 0));
    }

    // tag::extract-rows[]
    @Override
    protected Iterator<List<Map<String, Object>>> extractRows(ReadContext context) {
        long start = setting("start", 1);
        long step = setting("step", 1);
        long count = setting("count", 0);
        int batch = context.batchSize();
        return new Iterator<>() {
            long produced;

            @Override
            public boolean hasNext() {
                return produced < count;
            }

            @Override
            public List<Map<String, Object>> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < batch && produced < count; i++, produced++) {
                    long n = start + produced * step;
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("n", n);
                    row.put("square", n * n);
                    row.put("label", n % 2 == 0 ? "even" : "odd");
                    rows.add(row);
                }
                return rows;
            }
        };
    }
    // end::extract-rows[]
}
