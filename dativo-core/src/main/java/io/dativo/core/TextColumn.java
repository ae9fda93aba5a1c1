package io.dativo.core;

import java.nio.ByteOrder;
import org.apache.arrow.vector.VarCharVector;

/**
 * A text vector's bytes, offsets and validity copied into arrays in bulk reads, so that per-value work does not go
 * through Arrow's checked buffer accessors. The arrays are reused from batch to batch.
 */
final class TextColumn {

    byte[] data = new byte[0];
    int[] offsets = new int[0];
    final Validity validity = new Validity();

    /** Loads the first {@code rows} values of {@code v}. */
    TextColumn load(VarCharVector v, int rows) {
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
    boolean present(int row) {
        return validity.present(row);
    }

    int start(int row) {
        return offsets[row];
    }

    int length(int row) {
        return offsets[row + 1] - offsets[row];
    }
}
