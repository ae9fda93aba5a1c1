package io.dativo.api;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Converts rows of Java values to Arrow batches, choosing each column's type from its values.
 *
 * @since 0.1
 */
public final class Rows {

    private Rows() {
    }

    private enum Kind { LONG, DOUBLE, BOOLEAN, DATE, TIMESTAMP, TIME, BYTES, TEXT }

    /**
     * A batch holding {@code rows}. Columns appear in the order they are first seen. A column whose values are all
     * of one kind gets that Arrow type ({@code BigInt}, {@code Float8}, {@code Bit}, {@code DateDay},
     * {@code TimeStampMicroTZ}, {@code TimeMicro}, {@code VarBinary}); a mixed column becomes text. The caller owns
     * the returned root.
     */
    public static VectorSchemaRoot toArrow(List<Map<String, Object>> rows, BufferAllocator allocator) {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            for (Map.Entry<String, Object> e : row.entrySet()) {
                if (e.getValue() == null) {
                    kinds.putIfAbsent(e.getKey(), null);
                } else {
                    Kind k = kindOf(e.getValue());
                    Kind seen = kinds.get(e.getKey());
                    kinds.put(e.getKey(), seen == null || seen == k ? k : Kind.TEXT);
                }
            }
        }
        kinds.replaceAll((name, k) -> k == null ? Kind.TEXT : k);
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (Map.Entry<String, Kind> col : kinds.entrySet()) {
                vectors.add(fill(col.getKey(), col.getValue(), rows, allocator));
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        VectorSchemaRoot root = new VectorSchemaRoot(vectors);
        root.setRowCount(rows.size());
        return root;
    }

    private static Kind kindOf(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return Kind.LONG;
        }
        if (v instanceof Double || v instanceof Float) {
            return Kind.DOUBLE;
        }
        if (v instanceof Boolean) {
            return Kind.BOOLEAN;
        }
        if (v instanceof LocalDate) {
            return Kind.DATE;
        }
        if (v instanceof Instant || v instanceof OffsetDateTime || v instanceof ZonedDateTime
                || v instanceof LocalDateTime) {
            return Kind.TIMESTAMP;
        }
        if (v instanceof LocalTime) {
            return Kind.TIME;
        }
        if (v instanceof byte[]) {
            return Kind.BYTES;
        }
        return Kind.TEXT;
    }

    private static FieldVector fill(String name, Kind kind, List<Map<String, Object>> rows, BufferAllocator a) {
        return switch (kind) {
            case LONG -> fill(new BigIntVector(name, a), rows, (v, i, x) -> v.setSafe(i, ((Number) x).longValue()));
            case DOUBLE -> fill(new Float8Vector(name, a), rows,
                    (v, i, x) -> v.setSafe(i, ((Number) x).doubleValue()));
            case BOOLEAN -> fill(new BitVector(name, a), rows, (v, i, x) -> v.setSafe(i, (Boolean) x ? 1 : 0));
            case DATE -> fill(new DateDayVector(name, a), rows,
                    (v, i, x) -> v.setSafe(i, (int) ((LocalDate) x).toEpochDay()));
            case TIMESTAMP -> fill(new TimeStampMicroTZVector(name, a, "UTC"), rows,
                    (v, i, x) -> v.setSafe(i, ChronoUnit.MICROS.between(Instant.EPOCH, toInstant(x))));
            case TIME -> fill(new TimeMicroVector(name, a), rows,
                    (v, i, x) -> v.setSafe(i, ((LocalTime) x).toNanoOfDay() / 1000));
            case BYTES -> fill(new VarBinaryVector(name, a), rows, (v, i, x) -> v.setSafe(i, (byte[]) x));
            case TEXT -> fill(new VarCharVector(name, a), rows, (v, i, x) -> v.setSafe(i,
                    (x instanceof BigDecimal d ? d.toPlainString() : x.toString()).getBytes(StandardCharsets.UTF_8)));
        };
    }

    /** Sets one non-null value. */
    @FunctionalInterface
    private interface Setter<V> {
        void set(V vector, int index, Object value);
    }

    private static <V extends FieldVector> V fill(V v, List<Map<String, Object>> rows, Setter<V> setter) {
        String name = v.getName();
        int n = rows.size();
        try {
            v.setInitialCapacity(Math.max(n, 1));
            v.allocateNew();
            for (int i = 0; i < n; i++) {
                Object x = rows.get(i).get(name);
                if (x == null) {
                    v.setNull(i);
                } else {
                    setter.set(v, i, x);
                }
            }
            v.setValueCount(n);
            return v;
        } catch (RuntimeException e) {
            v.close();
            throw e;
        }
    }

    private static Instant toInstant(Object x) {
        if (x instanceof Instant i) {
            return i;
        }
        if (x instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (x instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        return ((LocalDateTime) x).toInstant(ZoneOffset.UTC);
    }
}
