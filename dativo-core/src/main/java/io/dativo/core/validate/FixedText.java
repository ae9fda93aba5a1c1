package io.dativo.core.validate;

import io.dativo.api.FieldSpec;
import io.dativo.core.vector.TextColumn;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

/**
 * Text parsed straight into the bytes of a fixed-width vector (integers, decimals of up to 18 digits, dates, times,
 * timestamps, floating point), through arrays moved into the vector with two bulk copies instead of Arrow's checked
 * per-value setters. The plain values, nearly all of a typical column, are read in one tight loop per type; the
 * other rows (nulls, other forms, values that do not fit) are listed for the caller, who records their errors. The
 * arrays are reused from column to column.
 */
final class FixedText {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] values = new byte[0];
    private byte[] validity = new byte[0];
    private int[] others = new int[0];
    private int width;
    /** Rows of the column being parsed that are null so far. */
    private int nulls;

    /** Whether text of this type is parsed straight into a fixed-width vector's bytes. */
    static boolean handles(FieldSpec spec) {
        return switch (spec.type()) {
            case LONG, TIMESTAMP, DATE, TIME, DOUBLE, FLOAT -> true;
            case DECIMAL -> spec.precision() <= 18;
            default -> false;
        };
    }

    /** A text value as the bits a fixed-width vector of its type stores (decimals: the unscaled value). */
    static long bits(FieldSpec spec, byte[] b, int start, int len) throws Coerce.Bad {
        return switch (spec.type()) {
            case LONG -> Coerce.toLong(b, start, len);
            case TIMESTAMP -> Coerce.toEpochMicros(b, start, len);
            case DATE -> Coerce.toEpochDay(b, start, len);
            case DECIMAL -> Coerce.toUnscaled(b, start, len, spec.precision(), spec.scale());
            case TIME -> Coerce.toTimeMicros(Coerce.text(b, start, len));
            case DOUBLE -> Double.doubleToRawLongBits(Coerce.toDouble(Coerce.text(b, start, len)));
            case FLOAT -> Float.floatToRawIntBits(Coerce.toFloat(Coerce.text(b, start, len)));
            default -> throw new IllegalArgumentException("no fixed-width parse for " + spec.type());
        };
    }

    /**
     * Starts a column of {@code rows} values of {@code width} bytes: stores the values of {@code text} that are in
     * their plain form and returns how many rows are left, each given by {@link #other(int)} and null until
     * {@link #set(int, long)}.
     */
    int parsePlain(FieldSpec spec, TextColumn text, int rows, int width) {
        this.width = width;
        int validityBytes = (rows + 7) >> 3;
        if (values.length < rows * width) {
            values = new byte[rows * width];
        }
        if (validity.length < validityBytes) {
            validity = new byte[validityBytes];
        }
        if (others.length < rows) {
            others = new int[rows];
        }
        Arrays.fill(validity, 0, validityBytes, (byte) -1);
        if ((rows & 7) != 0) {
            validity[validityBytes - 1] = (byte) ((1 << (rows & 7)) - 1);
        }
        int n = plain(spec, text, rows);
        nulls = n;
        for (int k = 0; k < n; k++) {
            int r = others[k];
            validity[r >> 3] &= (byte) ~(1 << (r & 7));
        }
        return n;
    }

    /** The row of the {@code k}th value left by {@link #parsePlain}. */
    int other(int k) {
        return others[k];
    }

    /** Sets the value of {@code row} to {@code bits}, as {@link #bits} gives them. */
    void set(int row, long bits) {
        int at = row * width;
        if (width == 4) {
            INT.set(values, at, (int) bits);
        } else {
            LONG.set(values, at, bits);
            if (width == 16) {
                LONG.set(values, at + 8, bits >> 63);
            }
        }
        validity[row >> 3] |= (byte) (1 << (row & 7));
        nulls--;
    }

    /**
     * Moves the column's {@code rows} values into {@code dst}, an empty vector, through buffers of exactly their size
     * taken from {@code allocator} and filled once: never zeroed first, as allocating a vector's buffers would.
     */
    void moveTo(BaseFixedWidthVector dst, int rows, BufferAllocator allocator) {
        long dataBytes = (long) rows * width;
        int validityBytes = (rows + 7) >> 3;
        try (ArrowBuf data = allocator.buffer(Math.max(dataBytes, 1));
             ArrowBuf valid = allocator.buffer(Math.max(validityBytes, 1))) {
            data.setBytes(0, values, 0, dataBytes);
            valid.setBytes(0, validity, 0, validityBytes);
            // the vector keeps its own reference to each buffer; these references end with this block
            dst.loadFieldBuffers(new ArrowFieldNode(rows, nulls), List.of(valid, data));
        }
    }

    /** Stores the plain values of the present rows and lists the others; returns how many others. */
    private int plain(FieldSpec spec, TextColumn text, int rows) {
        int[] rest = others;
        int n = 0;
        byte[] b = text.data();
        byte[] out = values;
        switch (spec.type()) {
            case LONG -> {
                for (int r = 0; r < rows; r++) {
                    long v = text.present(r) ? PlainText.integer(b, text.start(r), text.length(r))
                            : PlainText.NOT_PLAIN;
                    if (v != PlainText.NOT_PLAIN) {
                        LONG.set(out, r << 3, v);
                    } else {
                        rest[n++] = r;
                    }
                }
            }
            case DATE -> {
                for (int r = 0; r < rows; r++) {
                    long v = text.present(r) ? PlainText.epochDay(b, text.start(r), text.length(r))
                            : PlainText.NOT_PLAIN;
                    if (v != PlainText.NOT_PLAIN) {
                        INT.set(out, r << 2, (int) v);
                    } else {
                        rest[n++] = r;
                    }
                }
            }
            case DECIMAL -> {
                int precision = spec.precision();
                int scale = spec.scale();
                for (int r = 0; r < rows; r++) {
                    long v = text.present(r) ? PlainText.unscaled(b, text.start(r), text.length(r), precision, scale)
                            : PlainText.NOT_PLAIN;
                    if (v != PlainText.NOT_PLAIN && width == 16) {
                        LONG.set(out, r << 4, v);
                        LONG.set(out, (r << 4) + 8, v >> 63);
                    } else {
                        rest[n++] = r;
                    }
                }
            }
            default -> {
                for (int r = 0; r < rows; r++) {
                    rest[n++] = r;
                }
            }
        }
        return n;
    }
}
