package io.dativo.core.validate;

import io.dativo.api.FieldSpec;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

/**
 * Text parsed straight into the data buffer of a fixed-width vector (integers, decimals of up to 18 digits, dates,
 * times, timestamps, floating point): a buffer of exactly the column's size, written once, value by value at its
 * address, and then handed to the vector, instead of a vector's buffers zeroed first and Arrow's checked per-value
 * setters. The plain values, nearly all of a typical column, are read in one tight loop per type; the other rows
 * (nulls, other forms, values that do not fit) are listed for the caller, who records their errors. One column at a
 * time: {@link #parsePlain} takes the buffers, {@link #moveTo} gives them to the vector.
 */
final class FixedText {

    private byte[] validity = new byte[0];
    private int[] others = new int[0];
    private int width;
    /** Rows of the column being parsed that are null so far. */
    private int nulls;
    private ArrowBuf data;
    private long address;

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
     * Starts a column of {@code rows} values of {@code width} bytes in a buffer from {@code allocator}: stores the
     * values of {@code text} that are in their plain form and returns how many rows are left, each given by
     * {@link #other(int)} and null until {@link #set(int, long)}. {@link #moveTo} must follow, whatever happens.
     */
    int parsePlain(FieldSpec spec, ArrowText text, int rows, int width, BufferAllocator allocator) {
        this.width = width;
        int validityBytes = (rows + 7) >> 3;
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
        // not zeroed: every present value is written below or by set, and a null's bytes are never read
        data = allocator.buffer(Math.max((long) rows * width, 1));
        address = data.memoryAddress();
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
        long at = address + (long) row * width;
        if (width == 4) {
            MemoryUtil.putInt(at, (int) bits);
        } else {
            MemoryUtil.putLong(at, bits);
            if (width == 16) {
                MemoryUtil.putLong(at + 8, bits >> 63);
            }
        }
        validity[row >> 3] |= (byte) (1 << (row & 7));
        nulls--;
    }

    /**
     * Moves the column's {@code rows} values into {@code dst}, an empty vector: the data buffer written by
     * {@link #parsePlain} and a validity buffer of exactly its size, filled once. Also on failure, so that the
     * vector's owner releases the data buffer with the vector.
     */
    void moveTo(BaseFixedWidthVector dst, int rows, BufferAllocator allocator) {
        if (data == null) {
            // parsePlain failed to allocate: nothing to move, and the vector stays empty
            return;
        }
        int validityBytes = (rows + 7) >> 3;
        try (ArrowBuf values = data; ArrowBuf valid = allocator.buffer(Math.max(validityBytes, 1))) {
            data = null;
            address = 0;
            valid.setBytes(0, validity, 0, validityBytes);
            // the vector keeps its own reference to each buffer; these references end with this block
            dst.loadFieldBuffers(new ArrowFieldNode(rows, nulls), List.of(valid, values));
        }
    }

    /**
     * Stores the plain values of the present rows and lists the others; returns how many others. Each value's end is
     * the next one's start, so that one offset is read per row.
     */
    private int plain(FieldSpec spec, ArrowText text, int rows) {
        if (rows == 0) {
            return 0;
        }
        int[] rest = others;
        int n = 0;
        long out = address;
        int start = text.offset(0);
        switch (spec.type()) {
            case LONG -> {
                for (int r = 0; r < rows; r++) {
                    int end = text.offset(r + 1);
                    long v = text.present(r) ? text.unscaled(start, end, 18, 0) : PlainText.NOT_PLAIN;
                    start = end;
                    if (v != PlainText.NOT_PLAIN) {
                        MemoryUtil.putLong(out + ((long) r << 3), v);
                    } else {
                        rest[n++] = r;
                    }
                }
            }
            case DATE -> {
                for (int r = 0; r < rows; r++) {
                    int end = text.offset(r + 1);
                    long v = text.present(r) ? text.epochDay(start, end) : PlainText.NOT_PLAIN;
                    start = end;
                    if (v != PlainText.NOT_PLAIN) {
                        MemoryUtil.putInt(out + ((long) r << 2), (int) v);
                    } else {
                        rest[n++] = r;
                    }
                }
            }
            case DECIMAL -> {
                int precision = spec.precision();
                int scale = spec.scale();
                for (int r = 0; r < rows; r++) {
                    int end = text.offset(r + 1);
                    long v = text.present(r) ? text.unscaled(start, end, precision, scale) : PlainText.NOT_PLAIN;
                    start = end;
                    if (v != PlainText.NOT_PLAIN && width == 16) {
                        long at = out + ((long) r << 4);
                        MemoryUtil.putLong(at, v);
                        MemoryUtil.putLong(at + 8, v >> 63);
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
