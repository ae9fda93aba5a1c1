package io.dativo.core.vector;

import org.apache.arrow.vector.FieldVector;

/** A vector's validity bits copied into an array in one bulk read; the array is reused from batch to batch. */
public final class Validity {

    private byte[] bits = new byte[0];
    private boolean all;

    /** Loads the validity of the first {@code rows} values of {@code v}. */
    public Validity load(FieldVector v, int rows) {
        all = v.getNullCount() == 0;
        if (!all) {
            int bytes = (rows + 7) >> 3;
            if (bits.length < bytes) {
                bits = new byte[Math.max(bytes, bits.length * 2)];
            }
            v.getValidityBuffer().getBytes(0, bits, 0, bytes);
        }
        return this;
    }

    /** Whether the value of {@code row} is not null. */
    public boolean present(int row) {
        return all || (bits[row >> 3] >> (row & 7) & 1) != 0;
    }
}
