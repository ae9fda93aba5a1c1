package io.dativo.core.vector;

import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.VarCharVector;

/**
 * A text vector's bytes, offsets and validity copied into arrays in bulk reads, so that per-value work does not go
 * through Arrow's checked buffer accessors. The arrays are reused from batch to batch.
 */
public final class TextColumn {

    /** Bytes {@link #data()} holds after the last value, so that readers of two words at once can read past it. */
    public static final int SLACK = 2 * Long.BYTES;

    private byte[] data = new byte[SLACK];
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
        if (data.length < end + SLACK) {
            data = new byte[Math.max(end + SLACK, data.length * 2)];
        }
        v.getDataBuffer().getBytes(0, data, 0, end);
        return this;
    }

    /**
     * Whether the bytes of the first {@code rows} values of {@code v} are all ASCII (nulls' bytes, which a vector does
     * not have, included): read where Arrow keeps them, 32 bytes a step, without copying them out. False when
     * the offsets point past the data buffer, so that the caller takes the way that loads the column, whose reads
     * Arrow checks.
     */
    public boolean ascii(VarCharVector v, int rows) {
        long end = rows == 0 ? 0 : v.getOffsetBuffer().getInt((long) rows * VarCharVector.OFFSET_WIDTH);
        ArrowBuf buffer = v.getDataBuffer();
        if (end < 0 || end > buffer.capacity()) {
            return false;
        }
        long at = buffer.memoryAddress();
        long last = at + end;
        // four words a step: one test of the high bits for 32 bytes
        for (; at + 4 * Long.BYTES <= last; at += 4 * Long.BYTES) {
            if (((MemoryUtil.getLong(at) | MemoryUtil.getLong(at + Long.BYTES) | MemoryUtil.getLong(at + 2 * Long.BYTES)
                    | MemoryUtil.getLong(at + 3 * Long.BYTES)) & HIGH_BITS) != 0) {
                return false;
            }
        }
        for (; at < last; at++) {
            if (MemoryUtil.getByte(at) < 0) {
                return false;
            }
        }
        return true;
    }

    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Whether the value of {@code row} is not null. */
    public boolean present(int row) {
        return validity.present(row);
    }

    /**
     * The bytes of the values loaded last; a value is {@link #length(int)} bytes from {@link #start(int)}, and at least
     * {@link #SLACK} bytes follow the last one.
     */
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
