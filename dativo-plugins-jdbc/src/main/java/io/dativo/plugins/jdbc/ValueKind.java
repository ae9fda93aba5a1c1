package io.dativo.plugins.jdbc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The kinds of value a cursor or partition column holds, with their text form: cursors and range bounds travel in
 * state and split properties as text, and are bound back as typed parameters (never concatenated into SQL).
 */
enum ValueKind {
    /** Integers of any width. */
    LONG,
    /** Exact decimals. */
    DECIMAL,
    /** Dates. */
    DATE,
    /** Timestamps without a time zone. */
    TIMESTAMP,
    /** Timestamps with a time zone (instants). */
    TIMESTAMPTZ,
    /** Anything else, compared as text by the database. */
    TEXT;

    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

    /** The kind of a column of JDBC type {@code jdbc} named {@code typeName} by the database. */
    static ValueKind of(int jdbc, String typeName) {
        String n = typeName.toLowerCase(Locale.ROOT);
        return switch (jdbc) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> LONG;
            case Types.NUMERIC, Types.DECIMAL -> DECIMAL;
            case Types.DATE -> n.equals("year") ? LONG : DATE;
            case Types.TIMESTAMP -> n.equals("timestamptz") ? TIMESTAMPTZ : TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMPTZ;
            default -> TEXT;
        };
    }

    /** Whether ranges of this kind can be cut into partitions. */
    boolean rangeable() {
        return this != TEXT;
    }

    /** Column {@code i} of the current row as text, or {@code null}. */
    String read(ResultSet rs, int i) throws SQLException {
        Object v = switch (this) {
            case LONG -> {
                long x = rs.getLong(i);
                yield rs.wasNull() ? null : x;
            }
            case DECIMAL -> rs.getBigDecimal(i);
            case DATE -> rs.getObject(i, LocalDate.class);
            case TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case TIMESTAMPTZ -> {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                yield t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
            }
            case TEXT -> rs.getString(i);
        };
        return v == null ? null : v instanceof BigDecimal d ? d.toPlainString() : v.toString();
    }

    /** Binds {@code text} (a value of this kind) as parameter {@code i}. */
    void bind(PreparedStatement ps, int i, String text) throws SQLException {
        switch (this) {
            case LONG -> ps.setLong(i, Long.parseLong(text));
            case DECIMAL -> ps.setBigDecimal(i, new BigDecimal(text));
            case DATE -> ps.setObject(i, LocalDate.parse(text));
            case TIMESTAMP -> ps.setObject(i, LocalDateTime.parse(text));
            case TIMESTAMPTZ -> ps.setObject(i, OffsetDateTime.parse(text));
            case TEXT -> ps.setString(i, text);
        }
    }

    /**
     * {@code text} (a value of this kind) as a typed SQL literal, parsed and printed again so that nothing but a
     * value of the kind reaches the SQL; {@code null} for text, which is only ever bound as a parameter.
     */
    String literal(String text) {
        return switch (this) {
            case LONG -> Long.toString(Long.parseLong(text));
            case DECIMAL -> new BigDecimal(text).toPlainString();
            case DATE -> "DATE '" + LocalDate.parse(text) + "'";
            case TIMESTAMP -> "TIMESTAMP '" + LocalDateTime.parse(text) + "'";
            case TIMESTAMPTZ -> "TIMESTAMPTZ '" + OffsetDateTime.parse(text) + "'";
            case TEXT -> null;
        };
    }

    /** {@code text} moved {@code days} days back, for a look-back window; text values do not move. */
    String minusDays(String text, int days) {
        return switch (this) {
            case DATE -> LocalDate.parse(text).minusDays(days).toString();
            case TIMESTAMP -> LocalDateTime.parse(text).minusDays(days).toString();
            case TIMESTAMPTZ -> OffsetDateTime.parse(text).minusDays(days).toString();
            default -> text;
        };
    }

    /**
     * Cuts {@code [min, max]} into at most {@code n} ranges of about equal width; each element is a lower bound,
     * the next element the exclusive upper bound, and the last range includes {@code max}.
     */
    List<String> cut(String min, String max, int n) {
        List<String> bounds = new ArrayList<>();
        switch (this) {
            case LONG, DATE, TIMESTAMP, TIMESTAMPTZ -> {
                long lo = toLong(min);
                long hi = toLong(max);
                long step = Math.max(1, (long) Math.ceil(((double) hi - lo + 1) / n));
                for (long b = lo; b <= hi && bounds.size() < n; b += step) {
                    bounds.add(fromLong(b));
                    if (b > Long.MAX_VALUE - step) {
                        break;
                    }
                }
            }
            case DECIMAL -> {
                BigDecimal lo = new BigDecimal(min);
                BigDecimal hi = new BigDecimal(max);
                BigDecimal step = hi.subtract(lo).divide(BigDecimal.valueOf(n), 12, RoundingMode.CEILING);
                for (int k = 0; k < n; k++) {
                    BigDecimal b = lo.add(step.multiply(BigDecimal.valueOf(k)));
                    if (k > 0 && b.compareTo(hi) > 0 || k > 0 && step.signum() == 0) {
                        break;
                    }
                    bounds.add(b.stripTrailingZeros().toPlainString());
                }
            }
            case TEXT -> bounds.add(min);
        }
        return bounds;
    }

    private long toLong(String text) {
        return switch (this) {
            case LONG -> Long.parseLong(text);
            case DATE -> LocalDate.parse(text).toEpochDay();
            case TIMESTAMP -> ChronoUnit.MICROS.between(EPOCH, LocalDateTime.parse(text));
            case TIMESTAMPTZ -> ChronoUnit.MICROS.between(EPOCH, OffsetDateTime.parse(text)
                    .withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
            default -> throw new IllegalStateException(name());
        };
    }

    private String fromLong(long v) {
        return switch (this) {
            case LONG -> Long.toString(v);
            case DATE -> LocalDate.ofEpochDay(v).toString();
            case TIMESTAMP -> EPOCH.plus(v, ChronoUnit.MICROS).toString();
            case TIMESTAMPTZ -> EPOCH.plus(v, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC).toString();
            default -> throw new IllegalStateException(name());
        };
    }
}
