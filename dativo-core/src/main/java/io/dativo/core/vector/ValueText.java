package io.dativo.core.vector;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The text of an Arrow value: what the text formats write, what partition directories are named after, and what
 * validation reads back when it converts a value to the contract's type.
 */
public final class ValueText {

    private ValueText() {
    }

    /**
     * The canonical text of the value at {@code row} of {@code v}, of any vector type, or null where the value is
     * null. Validation's coercions read this text back to the same value.
     */
    public static String text(FieldVector v, int row) {
        if (v.isNull(row)) {
            return null;
        }
        if (v instanceof VarCharVector vc) {
            return new String(vc.get(row), StandardCharsets.UTF_8);
        }
        if (v instanceof VarBinaryVector vb) {
            return Base64.getEncoder().encodeToString(vb.get(row));
        }
        if (v instanceof DateDayVector d) {
            return LocalDate.ofEpochDay(d.get(row)).toString();
        }
        if (v instanceof TimeStampVector ts && v.getField().getType() instanceof ArrowType.Timestamp t) {
            long value = ts.get(row);
            Instant instant = switch (t.getUnit()) {
                case SECOND -> Instant.ofEpochSecond(value);
                case MILLISECOND -> Instant.ofEpochMilli(value);
                case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
                        Math.floorMod(value, 1_000_000L) * 1000);
                case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L),
                        Math.floorMod(value, 1_000_000_000L));
            };
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC) + "Z";
        }
        if (v instanceof TimeMicroVector tm) {
            return LocalTime.ofNanoOfDay(tm.get(row) * 1000).toString();
        }
        if (v instanceof DecimalVector dv) {
            BigDecimal d = dv.getObject(row);
            return d.toPlainString();
        }
        if (v instanceof BitVector b) {
            return b.get(row) == 1 ? "true" : "false";
        }
        return String.valueOf(v.getObject(row));
    }
}
