package io.dativo.testkit;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DataType;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.FieldSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A reader of the numbers {@code 1..rows} (connection {@code rows}) with their names, in two splits when connection
 * {@code splits} is true; connection {@code fault} plants one fault the kit must find: {@code leak} (allocates a vector
 * it never closes), {@code ignore-cancel} (never checks cancellation, and is slow), {@code repeat-row} (its second
 * split repeats the first split's last row), {@code throwing-check} (checkConnection throws), {@code restart}
 * (ignores the committed state). With connection {@code table}, it reads a table of {@link #TABLES} that a test can
 * grow, proposing the last id read as its state.
 */
public class ListReader implements BaseReader {

    static final AssetDefinition ASSET = AssetDefinition.of("numbers", List.of(
            FieldSpec.of("id", DataType.LONG, true), FieldSpec.of("name", DataType.STRING, false)));

    private SourceConfig source;

    /** The source of {@code rows} numbers with {@code fault} planted ({@code none}: none). */
    static SourceConfig source(long rows, String fault) {
        return SourceConfig.builder("list").connection(Map.of("rows", rows, "splits", true, "fault", fault))
                .build();
    }

    /** The records {@code 1..rows}. */
    static List<Map<String, Object>> records(long rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (long i = 1; i <= rows; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", i);
            r.put("name", "n" + i);
            out.add(r);
        }
        return out;
    }

    @Override
    public void open(SourceConfig config) {
        this.source = config;
    }

    /** Row counts of the growing tables, by name: connection {@code table} reads one of these. */
    static final Map<String, Long> TABLES = new ConcurrentHashMap<>();

    private long rows() {
        Object table = source.connection().get("table");
        return table != null ? TABLES.get(table.toString()) : Long.parseLong(source.connection().get("rows")
                .toString());
    }

    private String fault() {
        return String.valueOf(source.connection().getOrDefault("fault", "none"));
    }

    @Override
    public SplitPlan planSplits(ReadContext context) {
        if (!Boolean.parseBoolean(String.valueOf(source.connection().get("splits")))) {
            return SplitPlan.whole();
        }
        long half = rows() / 2;
        long secondFrom = fault().equals("repeat-row") ? half : half + 1;
        return SplitPlan.of(List.of(new ReadSplit("first", Map.of("from", "1", "to", String.valueOf(half))),
                new ReadSplit("second", Map.of("from", String.valueOf(secondFrom), "to", String.valueOf(rows())))));
    }

    @Override
    public void extract(ReadContext context, BatchSink sink) throws Exception {
        ReadSplit split = context.split();
        long after = fault().equals("restart") ? 0 : context.committedState("numbers")
                .map(s -> ((Number) s.values().get("last_id")).longValue()).orElse(0L);
        long from = split.isWhole() ? after + 1 : Long.parseLong(split.property("from"));
        long to = split.isWhole() ? rows() : Long.parseLong(split.property("to"));
        boolean ignoreCancel = fault().equals("ignore-cancel");
        if (fault().equals("leak")) {
            BigIntVector leaked = new BigIntVector("leaked", context.allocator());
            leaked.allocateNew(16);
        }
        for (long next = from; next <= to; ) {
            if (!ignoreCancel && context.cancelled()) {
                return;
            }
            if (ignoreCancel) {
                Thread.sleep(1);
            }
            int n = (int) Math.min(context.batchSize(), to - next + 1);
            VectorSchemaRoot root = VectorSchemaRoot.create(ASSET.arrowSchema(), context.allocator());
            try {
                BigIntVector id = (BigIntVector) root.getVector("id");
                VarCharVector name = (VarCharVector) root.getVector("name");
                root.allocateNew();
                for (int i = 0; i < n; i++) {
                    id.setSafe(i, next + i);
                    name.setSafe(i, ("n" + (next + i)).getBytes(StandardCharsets.UTF_8));
                }
                root.setRowCount(n);
            } catch (RuntimeException e) {
                root.close();
                throw e;
            }
            next += n;
            sink.accept(SourceBatch.of(root, "numbers", "list"));
        }
        if (split.isWhole() && to >= from) {
            context.proposeState("numbers", Map.of("last_id", to));
        }
    }

    @Override
    public ConnectionCheck checkConnection() {
        if (fault().equals("throwing-check")) {
            throw new IllegalStateException("no such list");
        }
        return rows() >= 0 ? ConnectionCheck.ok(rows() + " numbers")
                : ConnectionCheck.failed("CONFIG", "rows must not be negative");
    }

    @Override
    public List<DiscoveredObject> discover() {
        return List.of(new DiscoveredObject("numbers", ASSET.schema()));
    }
}
