package io.dativo.plugins.jdbc;

import io.dativo.api.FieldSpec;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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

/** Binds one value of a validated Arrow batch (the contract's types) as a statement parameter. */
final class ValueBinder {

    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

    private final Dialect dialect;

    ValueBinder(Dialect dialect) {
        this.dialect = dialect;
    }

    void bind(PreparedStatement ps, int param, FieldSpec field, FieldVector v, int row) throws SQLException {
        if (v.isNull(row)) {
            ps.setNull(param, sqlType(field));
            return;
        }
        switch (field.type()) {
            case LONG -> ps.setLong(param, ((BigIntVector) v).get(row));
            case FLOAT -> ps.setFloat(param, ((Float4Vector) v).get(row));
            case DOUBLE -> ps.setDouble(param, ((Float8Vector) v).get(row));
            case DECIMAL -> ps.setBigDecimal(param, ((DecimalVector) v).getObject(row));
            case BOOLEAN -> ps.setBoolean(param, ((BitVector) v).get(row) != 0);
            case DATE -> ps.setObject(param, LocalDate.ofEpochDay(((DateDayVector) v).get(row)));
            case TIMESTAMP -> {
                LocalDateTime t = EPOCH.plus(((TimeStampMicroTZVector) v).get(row), ChronoUnit.MICROS);
                if (dialect == Dialect.POSTGRES) {
                    ps.setObject(param, t.atOffset(ZoneOffset.UTC));
                } else {
                    ps.setObject(param, t);
                }
            }
            case TIME -> ps.setObject(param, LocalTime.ofNanoOfDay(((TimeMicroVector) v).get(row) * 1000));
            case BINARY -> ps.setBytes(param, ((VarBinaryVector) v).get(row));
            case STRING -> ps.setString(param, new String(((VarCharVector) v).get(row), StandardCharsets.UTF_8));
            case JSON -> {
                String json = new String(((VarCharVector) v).get(row), StandardCharsets.UTF_8);
                if (dialect == Dialect.POSTGRES) {
                    ps.setObject(param, json, Types.OTHER);
                } else {
                    ps.setString(param, json);
                }
            }
        }
    }

    private int sqlType(FieldSpec field) {
        return switch (field.type()) {
            case STRING -> Types.VARCHAR;
            case JSON -> dialect == Dialect.POSTGRES ? Types.OTHER : Types.VARCHAR;
            case LONG -> Types.BIGINT;
            case FLOAT -> Types.REAL;
            case DOUBLE -> Types.DOUBLE;
            case DECIMAL -> Types.DECIMAL;
            case BOOLEAN -> Types.BOOLEAN;
            case DATE -> Types.DATE;
            case TIMESTAMP -> dialect == Dialect.POSTGRES ? Types.TIMESTAMP_WITH_TIMEZONE : Types.TIMESTAMP;
            case TIME -> Types.TIME;
            case BINARY -> Types.VARBINARY;
        };
    }
}
