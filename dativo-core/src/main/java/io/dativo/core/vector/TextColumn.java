package io.dativo.core.vector;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.vector.VarCharVector;

/**
 * A text vector's bytes, offsets and validity copied into arrays in bulk reads, so that per-value work does not go
 * through Arrow's checked buffer accessors. The arrays are reused from batch to batch.
 */
public final class TextColumn {

    private byte[] data = new byte[0];
    private int[] offsets = new int[0];
    private final Validity validity = new Validity();

    /** Loads the first {@code rows} values of {@code v}. */
    public TextColumn load(VarCharVector v, int rows) {
        if (offsets.length < rows + 1) {
            offsets = new int[Math.max(rows + 1, offsets.length * 2)];
        }
        validity.load(v, rows);
        if (rows == 0) {
            offsets[0] = 0;
            return this;
        }
        v.getOffsetBuffer().nioBuffer(0, (rows + 1) * VarCharVector.OFFSET_WIDTH).order(ByteOrder.LITTLE_ENDIAN)
                .asIntBuffer().get(offsets, 0, rows + 1);
        int end = offsets[rows];
        if (data.length < end) {
            data = new byte[Math.max(end, data.length * 2)];
        }
        v.getDataBuffer().getBytes(0, data, 0, end);
        return this;
    }

    /**
     * Whether the bytes of the first {@code rows} values of {@code v} are all ASCII, read in place eight at a time
     * (nulls' bytes, which a vector does not have, included).
     */
    public static boolean ascii(VarCharVector v, int rows) {
        int end = rows == 0 ? 0 : v.getOffsetBuffer().getInt((long) rows * VarCharVector.OFFSET_WIDTH);
        if (end == 0) {
            return true;
        }
        ByteBuffer b = v.getDataBuffer().nioBuffer(0, end).order(ByteOrder.LITTLE_ENDIAN);
        long seen = 0;
        int i = 0;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            seen |= b.getLong(i);
        }
        for (; i < end; i++) {
            seen |= b.get(i);
        }
        return (seen & 0x8080808080808080L) == 0;
    }

    /** Whether the value of {@code row} is not null. */
    public boolean present(int row) {
        return validity.present(row);
    }

    /** The bytes of the values loaded last; a value is {@link #length(int)} bytes from {@link #start(int)}. */
    public byte[] data() {
        return data;
    }

    /** The validity of the values loaded last. */
    public Validity validity() {
        return validity;
    }

    /** Where the value of {@code row} starts in {@link #data()}. */
    public int start(int row) {
        return offsets[row];
    }

    /** The length in bytes of the value of {@code row}. */
    public int length(int row) {
        return offsets[row + 1] - offsets[row];
    }

    /**
     * The rows of the values loaded last whose bytes are not valid UTF-8, or null when all are valid. The whole
     * column is checked for ASCII at once; values are decoded one by one only when it is not all ASCII.
     */
    public boolean[] invalidUtf8(int rows) {
        int end = rows == 0 ? 0 : offsets[rows];
        if (Utf8.firstNonAscii(data, 0, end) == end) {
            return null;
        }
        boolean[] bad = null;
        for (int r = 0; r < rows; r++) {
            if (present(r) && !Utf8.valid(data, start(r), length(r))) {
                if (bad == null) {
                    bad = new boolean[rows];
                }
                bad[r] = true;
            }
        }
        return bad;
    }
}
