package io.dativo.plugins.jdbc;

import io.dativo.api.FieldSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
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
import org.apache.arrow.vector.VectorSchemaRoot;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads Arrow batches of the contract's types into a PostgreSQL table through {@code COPY ... FROM STDIN (FORMAT
 * binary)}: each value encoded from its vector in the binary form of the column type {@link Dialect#columnType}
 * gives it (bigint, real, double precision, numeric, boolean, date, timestamptz, time, bytea, text, jsonb).
 */
final class PgCopyWriter {

    private static final int FLUSH_BYTES = 1 << 16;

    private final CopyIn copy;
    private final List<FieldSpec> fields;
    private final PgBinary.Buffer out = new PgBinary.Buffer();

    private PgCopyWriter(CopyIn copy, List<FieldSpec> fields) {
        this.copy = copy;
        this.fields = fields;
    }

    /** Starts the COPY into {@code table} (quoted) with the columns {@code columnList} (quoted, in field order). */
    static PgCopyWriter open(Connection c, String table, String columnList, List<FieldSpec> fields)
            throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + columnList
                + ") FROM STDIN (FORMAT binary)");
        PgCopyWriter w = new PgCopyWriter(in, fields);
        w.out.put(PgBinary.HEADER, 0, PgBinary.HEADER.length);
        return w;
    }

    /** Encodes every row of {@code batch}, sending the bytes as they pass the flush size. */
    void write(VectorSchemaRoot batch) throws SQLException {
        int n = fields.size();
        FieldVector[] vectors = new FieldVector[n];
        for (int f = 0; f < n; f++) {
            vectors[f] = batch.getVector(fields.get(f).name());
        }
        for (int row = 0; row < batch.getRowCount(); row++) {
            out.i16(n);
            for (int f = 0; f < n; f++) {
                encode(fields.get(f), vectors[f], row);
            }
            if (out.size >= FLUSH_BYTES) {
                flush();
            }
        }
    }

    private void encode(FieldSpec field, FieldVector v, int row) {
        if (v.isNull(row)) {
            out.i32(-1);
            return;
        }
        switch (field.type()) {
            case LONG -> {
                out.i32(8);
                out.i64(((BigIntVector) v).get(row));
            }
            case FLOAT -> {
                out.i32(4);
                out.i32(Float.floatToRawIntBits(((Float4Vector) v).get(row)));
            }
            case DOUBLE -> {
                out.i32(8);
                out.i64(Double.doubleToRawLongBits(((Float8Vector) v).get(row)));
            }
            case DECIMAL -> PgBinary.numeric(((DecimalVector) v).getObject(row), out);
            case BOOLEAN -> {
                out.i32(1);
                out.put(((BitVector) v).get(row));
            }
            case DATE -> {
                out.i32(4);
                out.i32(((DateDayVector) v).get(row) - PgBinary.EPOCH_DAYS);
            }
            case TIMESTAMP -> {
                out.i32(8);
                out.i64(((TimeStampMicroTZVector) v).get(row) - PgBinary.EPOCH_MICROS);
            }
            case TIME -> {
                out.i32(8);
                out.i64(((TimeMicroVector) v).get(row));
            }
            case BINARY -> bytes(((VarBinaryVector) v).get(row), false);
            case STRING -> bytes(((VarCharVector) v).get(row), false);
            case JSON -> bytes(((VarCharVector) v).get(row), true);
        }
    }

    /** A variable-width value; jsonb's binary form is a version byte before the text. */
    private void bytes(byte[] b, boolean jsonb) {
        out.i32(b.length + (jsonb ? 1 : 0));
        if (jsonb) {
            out.put(1);
        }
        out.put(b, 0, b.length);
    }

    private void flush() throws SQLException {
        if (out.size > 0) {
            copy.writeToCopy(out.bytes, 0, out.size);
            out.size = 0;
        }
    }

    /** Sends the trailer and ends the COPY; returns the rows the server loaded. */
    long finish() throws SQLException {
        out.i16(-1);
        flush();
        return copy.endCopy();
    }

    /** Abandons the COPY: the server loads none of its rows. */
    void cancel() {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                // the connection is closed next, which ends the COPY on the server as well
            }
        }
    }
}
