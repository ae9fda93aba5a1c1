package io.dativo.plugins.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceDataException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Moves one result-set column into the Arrow vector of its contract field, value by value, with no text round trip:
 * integers as longs, decimals as {@link BigDecimal}s rescaled to the contract, times as java.time values. Made once
 * per column before the first row, from the column's JDBC type, so that a column that cannot be mapped is reported
 * before any row is read.
 */
abstract class ColumnFiller {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

    final int index;
    final FieldSpec field;
    final String where;

    private ColumnFiller(int index, FieldSpec field, String where) {
        this.index = index;
        this.field = field;
        this.where = where;
    }

    /** Sets row {@code row} of {@code vector} from the current row of {@code rs}. */
    abstract void fill(ResultSet rs, FieldVector vector, int row) throws SQLException;

    /**
     * The filler of result column {@code index} for {@code field}.
     *
     * @param where the table or query, for messages
     * @throws SourceDataException when the column's type cannot become the field's
     */
    static ColumnFiller of(ResultSetMetaData meta, int index, FieldSpec field, String where) throws SQLException {
        int jdbc = meta.getColumnType(index);
        String typeName = meta.getColumnTypeName(index).toLowerCase(Locale.ROOT);
        String at = where + " column " + field.name();
        DataType t = field.type();
        boolean temporal = jdbc == Types.DATE || jdbc == Types.TIMESTAMP || jdbc == Types.TIMESTAMP_WITH_TIMEZONE
                || jdbc == Types.TIME || jdbc == Types.TIME_WITH_TIMEZONE;
        boolean binary = jdbc == Types.BINARY || jdbc == Types.VARBINARY || jdbc == Types.LONGVARBINARY
                || jdbc == Types.BLOB;
        boolean supported = switch (t) {
            case STRING, JSON -> true;
            case LONG, FLOAT, DOUBLE, DECIMAL -> !temporal && !binary || typeName.equals("year");
            case BOOLEAN -> !temporal && !binary;
            case DATE, TIMESTAMP -> jdbc == Types.DATE || jdbc == Types.TIMESTAMP
                    || jdbc == Types.TIMESTAMP_WITH_TIMEZONE;
            case TIME -> jdbc == Types.TIME || jdbc == Types.TIME_WITH_TIMEZONE;
            case BINARY -> binary || jdbc == Types.OTHER || jdbc == Types.LONGVARCHAR;
        };
        if (!supported || jdbc == Types.STRUCT || jdbc == Types.REF) {
            throw new SourceDataException(at, "database type " + typeName + " cannot be read as "
                    + t.contractName());
        }
        return switch (t) {
            case LONG -> typeName.equals("year") ? new YearCol(index, field, at) : new Int64(index, field, at);
            case FLOAT -> new Float32(index, field, at);
            case DOUBLE -> new Float64(index, field, at);
            case DECIMAL -> new Dec(index, field, at);
            case BOOLEAN -> new Flag(index, field, at);
            case DATE -> new Day(index, field, at);
            case TIMESTAMP -> jdbc == Types.DATE ? new Day(index, field, at)
                    : jdbc == Types.TIMESTAMP_WITH_TIMEZONE || typeName.equals("timestamptz")
                    ? new Zoned(index, field, at) : new LocalTimestamp(index, field, at);
            case TIME -> new TimeOfDay(index, field, at);
            case BINARY -> new Binary(index, field, at);
            case STRING, JSON -> jdbc == Types.ARRAY ? new ArrayText(index, field, at)
                    : binary ? new BinaryText(index, field, at) : new Utf8(index, field, at);
        };
    }

    private static final class Int64 extends ColumnFiller {
        Int64(int i, FieldSpec f, String w) {
            super(i, f, w);
        }

        void fill(ResultSet rs, FieldVector v, int row) throws SQLException {
            long x = rs.getLong(index);
            if (rs.wasNull()) {
                v.setNull(row);
            } else {
                ((BigIntVector) v).setSafe(row, x);
            }
        }
    }

    /** MySQL {@code YEAR}, which drivers hand out as a date. */
    private static final class YearCol extends ColumnFiller {
        YearCol(int i, FieldSpec f, String w) {
            super(i, f, w);
        }

        void fill(ResultSet rs, FieldVector v, int row) throws SQLException {
            Object o = rs.getObject(index);
            if (o == null) {
                v.setNull(row);
            } else if (o instanceof java.sql.Date d) {
                ((BigIntVector) v).setSafe(row, d.toLocalDate().getYear());
            } else {
                ((BigIntVector) v).setSafe(row, ((Number) o).longValue());
            }
        }
    }

    private static final class Float32 extends ColumnFiller {
        Float32(int i, FieldSpec f, String w) {
            super(i, f, w);
        }

        void fill(ResultSet rs, FieldVector v, int row) throws SQLException {
            float x = rs.getFloat(index);
            if (rs.wasNull()) {
                v.setNull(row);
            } else {
                ((Float4Vector) v).setSafe(row, x);
            }
        }
    }

    private static final class Float64 extends ColumnFiller {
        Float64(int i, FieldSpec f, String w) {
            super(i, f, w);
        }

        void fill(ResultSet rs, FieldVector v, int row) throws SQLException {
            double x = rs.getDouble(index);
            if (rs.wasNull()) {
                v.setNull(row);
            } else {
                ((Float8Vector) v).setSafe(row, x);
            }
        }
    }

    private static final class Dec extends ColumnFiller {
        Dec(int i, FieldSpec f, String w) {
            super(i, f, w);
        }

        void fill(ResultSet rs, FieldVector v, int row) throws SQLException {
            BigDecimal x;
            try {
                x = rs.getBigDecimal(index);
            } catch (SQLException | NumberFormatException e) {
                // PostgreSQL's NaN and infinity have no decimal value
                throw new SourceDataException(where, "value " + rs.getString(index) + " is not a decimal number");
            }
            if (x == null) {
                v.setNull(row);
                return;
            }
            BigDecimal scaled = fit(x, field, where);
            ((DecimalVector) v).setSafe(row, scaled);
        }
    }

    private static final class Flag extends ColumnFiller {
        Flag(int i, FieldSpec f, String w) {
            super(i, f, w);
        }

        void fill(ResultSet rs, FieldVector v, int row) throws SQLException {
            boolean x = rs.getBoolean(index);
            if (rs.wasNull()) {
                v.setNull(row);
            } else {
                ((BitVector) v).setSafe(row, x ? 1 : 0);
            }
        }
    }

    private static final class Day extends ColumnFiller {
        Day(int i, FieldSpec f, String w) {
            super(i, f, w);
        }

        void fill(ResultSet rs, FieldVector v, int row) throws SQLException {
            LocalDate d = finite(rs.getObject(index, LocalDate.class));
            if (d == null) {
                v.setNull(row);
            } else if (v instanceof DateDayVector dv) {
                dv.setSafe(row, Math.toIntExact(d.toEpochDay()));
            } else {
                ((TimeStampMicroTZVector) v).setSafe(row, d.toEpochDay() * 86_400_000_000L);
            }
        }

        private LocalDate finite(LocalDate d) {
            if (d != null && (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN))) {
                throw new SourceDataException(where, INFINITY);
            }
            return d;
        }
    }

    private static final class Zoned extends ColumnFiller {
        Zoned(int i, FieldSpec f, String w) {
            super(i, f, w);
        }

        void fill(ResultSet rs, FieldVector v, int row) throws SQLException {
            OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
            if (t == null) {
                v.setNull(row);
                return;
            }
            if (t.equals(OffsetDateTime.MAX) || t.equals(OffsetDateTime.MIN)) {
                throw new SourceDataException(where, INFINITY);
            }
            ((TimeStampMicroTZVector) v).setSafe(row, micros(t.withOffsetSameInstant(ZoneOffset.UTC)
                    .toLocalDateTime()));
        }
    }

    /** A timestamp without a time zone, read as UTC. */
    private static final class LocalTimestamp extends ColumnFiller {
        LocalTimestamp(int i, FieldSpec f, String w) {
            super(i, f, w);
        }

        void fill(ResultSet rs, FieldVector v, int row) throws SQLException {
            LocalDateTime t = rs.getObject(index, LocalDateTime.class);
            if (t == null) {
                v.setNull(row);
                return;
            }
            if (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN)) {
                throw new SourceDataException(where, INFINITY);
            }
            ((TimeStampMicroTZVector) v).setSafe(row, micros(t));
        }
    }

    /** The message of a date or timestamp that is {@code infinity} or {@code -infinity}. */
    static final String INFINITY = "value infinity has no date or instant; filter it out in a query or map it "
            + "with CASE";

    /**
     * {@code x} at the scale of decimal {@code field}, or an error naming {@code where} and the value when it would
     * lose digits or exceed the field's precision.
     */
    static BigDecimal fit(BigDecimal x, FieldSpec field, String where) {
        BigDecimal scaled;
        try {
            scaled = x.setScale(field.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new SourceDataException(where, "value " + x.toPlainString() + " has more than "
                    + field.scale() + " digits after the point (decimal(" + field.precision() + ", "
                    + field.scale() + ")); give the contract a larger scale or type string");
        }
        if (scaled.precision() > field.precision()) {
            throw new SourceDataException(where, "value " + x.toPlainString() + " does not fit decimal("
                    + field.precision() + ", " + field.scale() + "); give the contract a larger precision "
                    + "(at most 38) or type string");
        }
        return scaled;
    }

    static long micros(LocalDateTime t) {
        return ChronoUnit.MICROS.between(EPOCH, t);
    }

    private static final class TimeOfDay extends ColumnFiller {
        TimeOfDay(int i, FieldSpec f, String w) {
            super(i, f, w);
        }

        void fill(ResultSet rs, FieldVector v, int row) throws SQLException {
            LocalTime t = rs.getObject(index, LocalTime.class);
            if (t == null) {
                v.setNull(row);
            } else {
                ((TimeMicroVector) v).setSafe(row, t.toNanoOfDay() / 1000);
            }
        }
    }

    private static final class Binary extends ColumnFiller {
        Binary(int i, FieldSpec f, String w) {
            super(i, f, w);
        }

        void fill(ResultSet rs, FieldVector v, int row) throws SQLException {
            byte[] b = rs.getBytes(index);
            if (b == null) {
                v.setNull(row);
            } else {
                ((VarBinaryVector) v).setSafe(row, b);
            }
        }
    }

    private static final class Utf8 extends ColumnFiller {
        Utf8(int i, FieldSpec f, String w) {
            super(i, f, w);
        }

        void fill(ResultSet rs, FieldVector v, int row) throws SQLException {
            String s = rs.getString(index);
            if (s == null) {
                v.setNull(row);
            } else {
                ((VarCharVector) v).setSafe(row, s.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Binary columns (such as geometry) as text: their bytes in hex. */
    private static final class BinaryText extends ColumnFiller {
        BinaryText(int i, FieldSpec f, String w) {
            super(i, f, w);
        }

        void fill(ResultSet rs, FieldVector v, int row) throws SQLException {
            byte[] b = rs.getBytes(index);
            if (b == null) {
                v.setNull(row);
            } else {
                ((VarCharVector) v).setSafe(row, java.util.HexFormat.of().formatHex(b)
                        .getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /** Arrays as JSON text: {@code [1,2,null]}. */
    private static final class ArrayText extends ColumnFiller {
        ArrayText(int i, FieldSpec f, String w) {
            super(i, f, w);
        }

        void fill(ResultSet rs, FieldVector v, int row) throws SQLException {
            Array a = rs.getArray(index);
            if (a == null) {
                v.setNull(row);
                return;
            }
            try {
                Object values = a.getArray();
                ((VarCharVector) v).setSafe(row, JSON.writeValueAsBytes(values instanceof Object[] arr
                        ? jsonable(arr) : values));
            } catch (JsonProcessingException e) {
                throw new SourceDataException(where, "array value cannot be written as JSON: " + e.getMessage());
            } finally {
                a.free();
            }
        }

        private static Object[] jsonable(Object[] values) {
            Object[] out = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                Object x = values[i];
                out[i] = x instanceof Object[] nested ? jsonable(nested)
                        : x == null || x instanceof Number || x instanceof Boolean || x instanceof String ? x
                        : x.toString();
            }
            return out;
        }
    }
}
