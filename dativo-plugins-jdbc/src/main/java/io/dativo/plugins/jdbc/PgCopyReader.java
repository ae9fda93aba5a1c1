package io.dativo.plugins.jdbc;

import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceDataException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Reads a PostgreSQL query through {@code COPY (...) TO STDOUT (FORMAT binary)} and decodes the wire bytes straight
 * into the Arrow vectors of the contract: no result set, no value objects for the fixed-width types, text copied as
 * its UTF-8 bytes. {@link #plan} says whether every column has a decoder; when one has not, the reader takes the JDBC
 * path, which gives the same values.
 */
final class PgCopyReader {

    /** PostgreSQL types whose text form the JDBC path would not reproduce, read through JDBC when text is wanted. */
    private static final Set<String> NOT_AS_TEXT = Set.of("bool", "float4", "float8", "timestamp", "timestamptz",
            "time", "timetz", "bytea");
    private static final Set<String> TEXT = Set.of("text", "varchar", "bpchar", "name", "json", "xml");

    /**
     * How {@link #next} decodes a column: the common types inline, where the JIT sees each vector's class, the rest
     * through the column's {@link Decoder}. A call through a dozen decoders of different classes per row is a
     * megamorphic call per value, which the JIT can neither inline nor specialise.
     */
    enum Inline {
        NONE, INTEGER, TEXT, DATE, NUMERIC
    }

    private final CopyOut copy;
    private final Decoder[] decoders;
    private final Inline[] inline;
    /** Per numeric column: the contract's scale, and the unscaled bound of its precision. */
    private final int[] scales;
    private final long[] bounds;
    private byte[] buf = new byte[0];
    private int pos;
    private int limit;
    private boolean done;

    private PgCopyReader(CopyOut copy, List<Column> columns) {
        this.copy = copy;
        this.decoders = columns.stream().map(Column::decoder).toArray(Decoder[]::new);
        this.inline = columns.stream().map(Column::inline).toArray(Inline[]::new);
        this.scales = columns.stream().mapToInt(c -> c.field().scale()).toArray();
        this.bounds = columns.stream().mapToLong(c -> PgBinary.unscaledBound(c.field().precision())).toArray();
    }

    /**
     * One column: the select expression the COPY reads, the decoder of its bytes, whether {@link #next} decodes it
     * inline, and the contract's field.
     */
    record Column(String expression, Decoder decoder, Inline inline, FieldSpec field) {
    }

    /** Decodes one non-null value of {@code len} bytes at {@code b[p]} into row {@code row} of a vector. */
    @FunctionalInterface
    interface Decoder {
        void decode(byte[] b, int p, int len, FieldVector v, int row);
    }

    /**
     * The COPY columns for the contract's {@code fields} read from source columns {@code source}, or {@code null}
     * when one of them has no binary decoder here.
     */
    static List<Column> plan(List<SourceColumn> source, List<FieldSpec> fields, Dialect dialect, String where) {
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            SourceColumn s = source.get(i);
            String at = where + " column " + fields.get(i).name();
            Column c = column(s, s.expression(dialect), fields.get(i), at);
            if (c == null) {
                return null;
            }
            out.add(c);
        }
        return out;
    }

    private static Column column(SourceColumn s, String expr, FieldSpec field, String at) {
        String t = s.array() ? "text" : s.typeName();
        DataType type = field.type();
        // fixed-width vectors are set without a capacity check: the reader allocates each batch's vectors for its
        // whole row count
        Decoder d = switch (type) {
            case LONG -> Set.of("int2", "int4", "int8").contains(t) ? PgCopyReader::integer : null;
            case FLOAT -> t.equals("float4") ? (b, p, len, v, row) -> ((Float4Vector) v).set(row,
                    Float.intBitsToFloat(PgBinary.i32(b, p))) : null;
            case DOUBLE -> t.equals("float8") ? (b, p, len, v, row) -> ((Float8Vector) v).set(row,
                    Double.longBitsToDouble(PgBinary.i64(b, p))) : null;
            case DECIMAL -> t.equals("numeric") ? numeric(field, at)
                    : Set.of("int2", "int4", "int8").contains(t) ? (b, p, len, v, row) -> ((DecimalVector) v)
                    .set(row, ColumnFiller.fit(BigDecimal.valueOf(integer(b, p, len)), field, at)) : null;
            case BOOLEAN -> t.equals("bool") ? (b, p, len, v, row) -> ((BitVector) v).set(row, b[p]) : null;
            case DATE -> t.equals("date") ? (b, p, len, v, row) -> ((DateDayVector) v).set(row,
                    day(b, p, at)) : null;
            case TIMESTAMP -> t.equals("timestamp") || t.equals("timestamptz") ? (b, p, len, v, row) ->
                    ((TimeStampMicroTZVector) v).set(row, micros(b, p, at))
                    : t.equals("date") ? (b, p, len, v, row) -> ((TimeStampMicroTZVector) v).set(row,
                    day(b, p, at) * 86_400_000_000L) : null;
            case TIME -> t.equals("time") ? (b, p, len, v, row) -> ((TimeMicroVector) v).set(row,
                    PgBinary.i64(b, p)) : null;
            case BINARY -> t.equals("bytea") ? (b, p, len, v, row) -> ((VarBinaryVector) v).setSafe(row, b, p, len)
                    : null;
            case STRING, JSON -> t.equals("uuid") ? PgCopyReader::uuid
                    : TEXT.contains(t) || !NOT_AS_TEXT.contains(t) ? PgCopyReader::text : null;
        };
        if (d == null) {
            return null;
        }
        boolean cast = (type == DataType.STRING || type == DataType.JSON) && !TEXT.contains(t) && !t.equals("uuid");
        Inline inline = type == DataType.LONG ? Inline.INTEGER
                : type == DataType.DECIMAL && t.equals("numeric") ? Inline.NUMERIC
                : type == DataType.DATE ? Inline.DATE
                : type == DataType.STRING && !t.equals("uuid") ? Inline.TEXT : Inline.NONE;
        return new Column(cast ? expr + "::text" : expr, d, inline, field);
    }

    private static long integer(byte[] b, int p, int len) {
        return len == 8 ? PgBinary.i64(b, p) : len == 4 ? PgBinary.i32(b, p) : PgBinary.i16(b, p);
    }

    private static void integer(byte[] b, int p, int len, FieldVector v, int row) {
        ((BigIntVector) v).set(row, integer(b, p, len));
    }

    private static void text(byte[] b, int p, int len, FieldVector v, int row) {
        ((VarCharVector) v).setSafe(row, b, p, len);
    }

    private static void uuid(byte[] b, int p, int len, FieldVector v, int row) {
        String hex = HexFormat.of().formatHex(b, p, p + 16);
        String s = hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
        ((VarCharVector) v).setSafe(row, s.getBytes(StandardCharsets.US_ASCII));
    }

    private static Decoder numeric(FieldSpec field, String at) {
        int scale = field.scale();
        long bound = PgBinary.unscaledBound(field.precision());
        return (b, p, len, v, row) -> {
            long unscaled = PgBinary.numericUnscaled(b, p, scale, bound);
            if (unscaled != PgBinary.NOT_A_LONG) {
                ((DecimalVector) v).set(row, unscaled);
                return;
            }
            String[] special = new String[1];
            BigDecimal x = PgBinary.numeric(b, p, special);
            if (x == null) {
                throw new SourceDataException(at, "value " + special[0] + " is not a decimal number");
            }
            ((DecimalVector) v).set(row, ColumnFiller.fit(x, field, at));
        };
    }

    private static int day(byte[] b, int p, String at) {
        int d = PgBinary.i32(b, p);
        if (d == Integer.MAX_VALUE || d == Integer.MIN_VALUE) {
            throw new SourceDataException(at, ColumnFiller.INFINITY);
        }
        return d + PgBinary.EPOCH_DAYS;
    }

    private static long micros(byte[] b, int p, String at) {
        long t = PgBinary.i64(b, p);
        if (t == Long.MAX_VALUE || t == Long.MIN_VALUE) {
            throw new SourceDataException(at, ColumnFiller.INFINITY);
        }
        return t + PgBinary.EPOCH_MICROS;
    }

    /**
     * Starts {@code COPY (SELECT columns FROM) TO STDOUT (FORMAT binary)} on {@code c} and reads its header;
     * {@code from} follows the select list.
     */
    static PgCopyReader open(Connection c, List<Column> columns, String from) throws SQLException {
        String select = "SELECT " + columns.stream().map(Column::expression).collect(Collectors.joining(", "))
                + from;
        CopyOut out = c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select
                + ") TO STDOUT (FORMAT binary)");
        PgCopyReader r = new PgCopyReader(out, columns);
        try {
            if (!r.ensure(PgBinary.HEADER.length)) {
                throw new SQLException("binary COPY ended before its header");
            }
            for (int i = 0; i < 11; i++) {
                if (r.buf[r.pos + i] != PgBinary.HEADER[i]) {
                    throw new SQLException("binary COPY stream does not start with its signature");
                }
            }
            int extension = PgBinary.i32(r.buf, r.pos + 15);
            r.pos += PgBinary.HEADER.length;
            r.ensure(extension);
            r.pos += extension;
            return r;
        } catch (SQLException | RuntimeException e) {
            r.cancel();
            throw e;
        }
    }

    /**
     * Decodes the next row into row {@code row} of {@code vectors}, which have room for it; false at the end of
     * the stream.
     */
    boolean next(FieldVector[] vectors, int row) throws SQLException {
        if (done || !ensure(2)) {
            done = true;
            return false;
        }
        short n = PgBinary.i16(buf, pos);
        pos += 2;
        if (n == -1) {
            done = true;
            while (copy.readFromCopy() != null) {
                // the end of the stream: the server's command status follows the trailer
            }
            return false;
        }
        if (n != decoders.length) {
            throw new SQLException("binary COPY row has " + n + " fields, not " + decoders.length);
        }
        for (int f = 0; f < n; f++) {
            if (!ensure(4)) {
                throw new SQLException("binary COPY stream ended inside a row");
            }
            int len = PgBinary.i32(buf, pos);
            pos += 4;
            if (len < 0) {
                vectors[f].setNull(row);
                continue;
            }
            if (!ensure(len)) {
                throw new SQLException("binary COPY stream ended inside a row");
            }
            decode(f, len, vectors[f], row);
            pos += len;
        }
        return true;
    }

    /**
     * Decodes the {@code len} bytes at {@link #pos} into row {@code row} of column {@code f}: the common values
     * inline, the others, and values the inline forms do not take (infinite dates, numerics beyond a long), through
     * the column's decoder, which also reports them.
     */
    private void decode(int f, int len, FieldVector v, int row) {
        switch (inline[f]) {
            case INTEGER -> ((BigIntVector) v).set(row, integer(buf, pos, len));
            case TEXT -> ((VarCharVector) v).setSafe(row, buf, pos, len);
            case DATE -> {
                int d = PgBinary.i32(buf, pos);
                if (d == Integer.MAX_VALUE || d == Integer.MIN_VALUE) {
                    decoders[f].decode(buf, pos, len, v, row);
                } else {
                    ((DateDayVector) v).set(row, d + PgBinary.EPOCH_DAYS);
                }
            }
            case NUMERIC -> {
                long unscaled = PgBinary.numericUnscaled(buf, pos, scales[f], bounds[f]);
                if (unscaled == PgBinary.NOT_A_LONG) {
                    decoders[f].decode(buf, pos, len, v, row);
                } else {
                    ((DecimalVector) v).set(row, unscaled);
                }
            }
            case NONE -> decoders[f].decode(buf, pos, len, v, row);
        }
    }

    /** Stops the COPY early, as after a cancel or an error; the connection stays usable for the rollback. */
    void cancel() {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                // the connection is closed next, which ends the COPY on the server as well
            }
        }
    }

    private boolean ensure(int n) throws SQLException {
        while (limit - pos < n) {
            byte[] next = copy.readFromCopy();
            if (next == null) {
                return false;
            }
            if (pos == limit) {
                buf = next;
            } else {
                byte[] joined = new byte[limit - pos + next.length];
                System.arraycopy(buf, pos, joined, 0, limit - pos);
                System.arraycopy(next, 0, joined, limit - pos, next.length);
                buf = joined;
            }
            limit = buf.length;
            pos = 0;
        }
        return true;
    }
}
