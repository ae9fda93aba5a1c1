package io.dativo.core.format;

import io.dativo.core.vector.TextColumn;
import io.dativo.core.vector.Validity;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;

/**
 * One column of the batch being written, copied into arrays in bulk reads (validity bits, fixed-width values or
 * text), so that the page encoders and parquet-java's column writers read plain arrays. The arrays are reused from
 * batch to batch.
 */
final class BatchColumn {

    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** How a column's values are read from its batch arrays and written. */
    enum Kind { INT32, INT64, FLOAT, DOUBLE, TEXT, OTHER }

    final ColumnDescriptor descriptor;
    final Kind kind;
    private FieldVector vector;
    private final Validity validity = new Validity();
    /** The validity of the current batch: the text column's own for text, else {@link #validity}. */
    private Validity presence;
    private byte[] data = new byte[0];
    private int width;
    final TextColumn text = new TextColumn();
    private Emitter emitter;

    BatchColumn(ColumnDescriptor descriptor) {
        this.descriptor = descriptor;
        this.kind = kind(descriptor);
    }

    /** How the values of a Parquet column are read from a validated batch: by its physical and logical type. */
    private static Kind kind(ColumnDescriptor column) {
        PrimitiveType type = column.getPrimitiveType();
        return switch (type.getPrimitiveTypeName()) {
            case INT64 -> Kind.INT64;
            case INT32 -> Kind.INT32;
            case DOUBLE -> Kind.DOUBLE;
            case FLOAT -> Kind.FLOAT;
            case BINARY -> type.getLogicalTypeAnnotation() == null ? Kind.OTHER : Kind.TEXT;
            default -> Kind.OTHER;
        };
    }

    /** Copies the first {@code rowCount} values of {@code v}. */
    void load(FieldVector v, int rowCount) {
        vector = v;
        if (v instanceof VarCharVector x) {
            presence = text.load(x, rowCount).validity();
        } else {
            presence = validity.load(v, rowCount);
        }
        if (v instanceof BaseFixedWidthVector f && !(v instanceof BitVector)) {
            width = f.getTypeWidth();
            int bytes = rowCount * width;
            if (data.length < bytes) {
                data = new byte[Math.max(bytes, data.length * 2)];
            }
            f.getDataBuffer().getBytes(0, data, 0, bytes);
        }
        emitter = kind == Kind.OTHER ? emitter(v) : null;
    }

    boolean present(int row) {
        return presence.present(row);
    }

    /**
     * The value of {@code row} of an 8-byte column, as its bits: the low 8 bytes of a wider vector's value (a
     * decimal of at most 18 digits is held in 16 bytes and written as a 64-bit integer).
     */
    long longAt(int row) {
        return (long) LONG.get(data, row * width);
    }

    /** The value of {@code row} of a 4-byte column, as its bits. */
    int intAt(int row) {
        return (int) INT.get(data, row * width);
    }

    /** Whether a dictionary looks worth it, judged by the values in rows {@code from..to}. */
    boolean dictionaryPays(int[] rows, int from, int to, int minSample) {
        if (vector instanceof BitVector) {
            return true;
        }
        LongDictionary distinct = new LongDictionary(Long.BYTES);
        int most = (to - from) / 2;
        int seen = 0;
        for (int i = from; i < to; i++) {
            int row = rows == null ? i : rows[i];
            if (present(row)) {
                seen++;
                distinct.id(hash(row));
                if (distinct.size() > most && seen >= minSample) {
                    return false;
                }
            }
        }
        return seen < minSample || distinct.size() * 2 <= seen;
    }

    /** A 64-bit hash of one present value; equal values hash alike. */
    private long hash(int row) {
        if (kind == Kind.TEXT) {
            return hashBytes(text.data(), text.start(row), text.length(row));
        }
        if (vector instanceof VarBinaryVector x) {
            byte[] bytes = x.get(row);
            return hashBytes(bytes, 0, bytes.length);
        }
        int at = row * width;
        return switch (width) {
            case 4 -> (int) INT.get(data, at);
            case 8 -> (long) LONG.get(data, at);
            default -> (long) LONG.get(data, at) * 0x9E3779B97F4A7C15L + (long) LONG.get(data, at + 8);
        };
    }

    private static long hashBytes(byte[] b, int start, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = start; i < start + length; i++) {
            h = (h ^ b[i]) * 0x100000001b3L;
        }
        return h;
    }

    /** Writes one row through parquet-java's column writer {@code writer}. */
    void write(ColumnWriter writer, int row) {
        if (!present(row)) {
            writer.writeNull(0, 0);
            return;
        }
        switch (kind) {
            case INT64 -> writer.write(longAt(row), 0, 1);
            case INT32 -> writer.write(intAt(row), 0, 1);
            case DOUBLE -> writer.write(Double.longBitsToDouble(longAt(row)), 0, 1);
            case FLOAT -> writer.write(Float.intBitsToFloat(intAt(row)), 0, 1);
            case TEXT -> writer.write(Binary.fromReusedByteArray(text.data(), text.start(row), text.length(row)),
                    0, 1);
            default -> emitter.emit(writer, row);
        }
    }

    /** Writes one present value of a column through parquet-java, for the types read straight from Arrow. */
    @FunctionalInterface
    private interface Emitter {
        void emit(ColumnWriter w, int row);
    }

    private static Emitter emitter(FieldVector v) {
        if (v instanceof BitVector x) {
            return (w, r) -> w.write(x.get(r) == 1, 0, 1);
        }
        if (v instanceof DecimalVector x) {
            return (w, r) -> {
                byte[] le = new byte[16];
                x.getDataBuffer().getBytes((long) r * DecimalVector.TYPE_WIDTH, le);
                byte[] be = new byte[16];
                for (int i = 0; i < 16; i++) {
                    be[i] = le[15 - i];
                }
                w.write(Binary.fromConstantByteArray(be), 0, 1);
            };
        }
        if (v instanceof VarBinaryVector x) {
            return (w, r) -> w.write(Binary.fromConstantByteArray(x.get(r)), 0, 1);
        }
        throw new IllegalArgumentException("no Parquet mapping for Arrow vector " + v.getField());
    }
}
