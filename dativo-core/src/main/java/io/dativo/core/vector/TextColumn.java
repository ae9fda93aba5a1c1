package io.dativo.core.vector;

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
}
