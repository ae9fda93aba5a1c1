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
        int n = rows.size();
        switch (kind) {
            case LONG -> {
                BigIntVector v = new BigIntVector(name, a);
                v.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    Object x = rows.get(i).get(name);
                    if (x == null) {
                        v.setNull(i);
                    } else {
                        v.set(i, ((Number) x).longValue());
                    }
                }
                v.setValueCount(n);
                return v;
            }
            case DOUBLE -> {
                Float8Vector v = new Float8Vector(name, a);
                v.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    Object x = rows.get(i).get(name);
                    if (x == null) {
                        v.setNull(i);
                    } else {
                        v.set(i, ((Number) x).doubleValue());
                    }
                }
                v.setValueCount(n);
                return v;
            }
            case BOOLEAN -> {
                BitVector v = new BitVector(name, a);
                v.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    Object x = rows.get(i).get(name);
                    if (x == null) {
                        v.setNull(i);
                    } else {
                        v.set(i, (Boolean) x ? 1 : 0);
                    }
                }
                v.setValueCount(n);
                return v;
            }
            case DATE -> {
                DateDayVector v = new DateDayVector(name, a);
                v.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    Object x = rows.get(i).get(name);
                    if (x == null) {
                        v.setNull(i);
                    } else {
                        v.set(i, (int) ((LocalDate) x).toEpochDay());
                    }
                }
                v.setValueCount(n);
                return v;
            }
            case TIMESTAMP -> {
                TimeStampMicroTZVector v = new TimeStampMicroTZVector(name, a, "UTC");
                v.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    Object x = rows.get(i).get(name);
                    if (x == null) {
                        v.setNull(i);
                    } else {
                        v.set(i, ChronoUnit.MICROS.between(Instant.EPOCH, toInstant(x)));
                    }
                }
                v.setValueCount(n);
                return v;
            }
            case TIME -> {
                TimeMicroVector v = new TimeMicroVector(name, a);
                v.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    Object x = rows.get(i).get(name);
                    if (x == null) {
                        v.setNull(i);
                    } else {
                        v.set(i, ((LocalTime) x).toNanoOfDay() / 1000);
                    }
                }
                v.setValueCount(n);
                return v;
            }
            case BYTES -> {
                VarBinaryVector v = new VarBinaryVector(name, a);
                v.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    Object x = rows.get(i).get(name);
                    if (x == null) {
                        v.setNull(i);
                    } else {
                        v.setSafe(i, (byte[]) x);
                    }
                }
                v.setValueCount(n);
                return v;
            }
            default -> {
                VarCharVector v = new VarCharVector(name, a);
                v.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    Object x = rows.get(i).get(name);
                    if (x == null) {
                        v.setNull(i);
                    } else {
                        String s = x instanceof BigDecimal d ? d.toPlainString() : x.toString();
                        v.setSafe(i, s.getBytes(StandardCharsets.UTF_8));
                    }
                }
                v.setValueCount(n);
                return v;
            }
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
