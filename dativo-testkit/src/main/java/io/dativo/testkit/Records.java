package io.dativo.testkit;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import io.dativo.api.RejectedRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.Text;

/**
 * Records as the kit compares them: each field of the contract to the text of its value, so that a reader's column
 * types (its choice; the pipeline coerces them) do not matter, only the values. Numbers print as Java prints them,
 * decimals without exponent, dates and times in ISO-8601, timestamps as UTC instants ({@code 2024-05-01T10:00:00Z}),
 * binary as Base64.
 *
 * @since 0.2
 */
public final class Records {

    private Records() {
    }

    /** The text of {@code value} as the kit compares it, or null for null. */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC).toString();
        }
        return value.toString();
    }

    /** The text of the value at {@code row} of {@code vector}, or null where it is null. */
    public static String text(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (vector instanceof VarCharVector v) {
            return new String(v.get(row), StandardCharsets.UTF_8);
        }
        if (vector instanceof DateDayVector v) {
            return LocalDate.ofEpochDay(v.get(row)).toString();
        }
        if (vector instanceof TimeMicroVector v) {
            return LocalTime.ofNanoOfDay(v.get(row) * 1000).toString();
        }
        if (vector instanceof TimeStampVector v && v.getField().getType() instanceof ArrowType.Timestamp t) {
            long value = v.get(row);
            Instant instant = switch (t.getUnit()) {
                case SECOND -> Instant.ofEpochSecond(value);
                case MILLISECOND -> Instant.ofEpochMilli(value);
                case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
                        Math.floorMod(value, 1_000_000L) * 1000);
                case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L),
                        Math.floorMod(value, 1_000_000_000L));
            };
            return instant.toString();
        }
        Object value = vector.getObject(row);
        return value instanceof Text t ? t.toString() : text(value);
    }

    /** {@code record} as compared: each field of {@code asset}, in contract order, to its value's text. */
    public static Map<String, String> of(AssetDefinition asset, Map<String, ?> record) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FieldSpec f : asset.schema()) {
            out.put(f.name(), text(record.get(f.name())));
        }
        return out;
    }

    /** {@code records} as compared. */
    public static List<Map<String, String>> of(AssetDefinition asset, List<? extends Map<String, ?>> records) {
        return records.stream().map(r -> of(asset, r)).toList();
    }

    /** The rows of {@code root} as compared: each field of {@code asset} to its text, null where the batch lacks it. */
    public static List<Map<String, String>> of(AssetDefinition asset, VectorSchemaRoot root) {
        List<Map<String, String>> out = new ArrayList<>();
        for (int r = 0; r < root.getRowCount(); r++) {
            Map<String, String> row = new LinkedHashMap<>();
            for (FieldSpec f : asset.schema()) {
                FieldVector v = root.getVector(f.name());
                row.put(f.name(), v == null ? null : text(v, r));
            }
            out.add(row);
        }
        return out;
    }

    /**
     * {@code records} as records that failed validation, as the pipeline hands them to {@code writeRejects}: each
     * positioned {@code contract-test:N}, its values as text, with a reason on the contract's first field.
     */
    public static List<RejectedRecord> rejected(AssetDefinition asset, List<? extends Map<String, ?>> records) {
        List<RejectedRecord> out = new ArrayList<>();
        String field = asset.schema().get(0).name();
        for (int i = 0; i < records.size(); i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            records.get(i).forEach((k, v) -> values.put(k, text(v)));
            out.add(new RejectedRecord("contract-test:" + (i + 1), values, Map.of(field,
                    "rejected by the writer contract test")));
        }
        return out;
    }

    /**
     * A batch of {@code records} in the contract's Arrow schema, as the pipeline hands validated batches to a writer.
     * Values are given as Java values of the field's type ({@code Long}, {@code String}, {@code BigDecimal},
     * {@code LocalDate}, {@code Instant}, {@code LocalTime}, {@code byte[]}, ...); the caller closes the batch.
     */
    public static VectorSchemaRoot batch(BufferAllocator allocator, AssetDefinition asset,
                                         List<? extends Map<String, ?>> records) {
        VectorSchemaRoot root = VectorSchemaRoot.create(asset.arrowSchema(), allocator);
        try {
            root.allocateNew();
            for (FieldVector v : root.getFieldVectors()) {
                for (int r = 0; r < records.size(); r++) {
                    Object value = records.get(r).get(v.getName());
                    if (value == null) {
                        v.setNull(r);
                    } else {
                        set(v, r, value);
                    }
                }
                v.setValueCount(records.size());
            }
            root.setRowCount(records.size());
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static void set(FieldVector vector, int row, Object value) {
        if (vector instanceof VarCharVector v) {
            v.setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(row, ((Number) value).longValue());
        } else if (vector instanceof IntVector v) {
            v.setSafe(row, ((Number) value).intValue());
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(row, ((Number) value).doubleValue());
        } else if (vector instanceof Float4Vector v) {
            v.setSafe(row, ((Number) value).floatValue());
        } else if (vector instanceof BitVector v) {
            v.setSafe(row, (Boolean) value ? 1 : 0);
        } else if (vector instanceof DecimalVector v) {
            v.setSafe(row, ((BigDecimal) value).setScale(v.getScale()));
        } else if (vector instanceof DateDayVector v) {
            v.setSafe(row, (int) ((LocalDate) value).toEpochDay());
        } else if (vector instanceof TimeMicroVector v) {
            v.setSafe(row, ((LocalTime) value).toNanoOfDay() / 1000);
        } else if (vector instanceof TimeStampVector v) {
            Instant i = (Instant) value;
            v.setSafe(row, Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000));
        } else if (vector instanceof VarBinaryVector v) {
            v.setSafe(row, (byte[]) value);
        } else {
            throw new IllegalArgumentException("no setter for a " + vector.getField().getType() + " column ("
                    + vector.getName() + "); override records() with values the kit can set or batch() instead");
        }
    }
}
