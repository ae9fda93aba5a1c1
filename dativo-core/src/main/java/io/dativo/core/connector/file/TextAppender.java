package io.dativo.core.connector.file;

import io.dativo.core.internal.ByteWords;
import io.dativo.core.vector.Utf8;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.arrow.vector.VarCharVector;

/**
 * Collects a batch of one text column in arrays, without Arrow's per-call checks, and moves it into a vector
 * of exactly its size when the batch is complete. Rows are appended in order, each exactly once; the arrays
 * are reused from batch to batch.
 */
final class TextAppender {

    private byte[] data = new byte[1 << 16];
    private final int[] offsets;
    private final byte[] validity;
    private final boolean replaceInvalid;
    private int end;

    TextAppender(int batchSize, boolean replaceInvalid) {
        offsets = new int[batchSize + 1];
        validity = new byte[(batchSize + 7) >> 3];
        this.replaceInvalid = replaceInvalid;
    }

    /**
     * Replaces the ill-formed UTF-8 of the first {@code rows} values with U+FFFD. The whole batch is checked
     * for ASCII at once; only a batch with other bytes is checked value by value, and rebuilt only if one of
     * them is ill-formed.
     */
    private void replaceInvalid(int rows) {
        if (Utf8.firstNonAscii(data, 0, end) == end) {
            return;
        }
        int r = 0;
        while (r < rows && Utf8.valid(data, offsets[r], offsets[r + 1] - offsets[r])) {
            r++;
        }
        if (r == rows) {
            return;
        }
        byte[] fixed = new byte[Math.max(data.length, end + 64)];
        int to = offsets[r];
        System.arraycopy(data, 0, fixed, 0, to);
        for (; r < rows; r++) {
            int from = offsets[r];
            int len = offsets[r + 1] - from;
            byte[] value = Utf8.valid(data, from, len) ? null : Utf8.replaceInvalid(data, from, len);
            int n = value == null ? len : value.length;
            if (to + n > fixed.length) {
                fixed = Arrays.copyOf(fixed, Math.max(to + n, fixed.length * 2));
            }
            System.arraycopy(value == null ? data : value, value == null ? from : 0, fixed, to, n);
            offsets[r] = to;
            to += n;
        }
        offsets[rows] = to;
        data = fixed;
        end = to;
    }

    void append(int row, byte[] bytes, int start, int len) {
        int to = end;
        if (to + len + SHORT > data.length) {
            data = Arrays.copyOf(data, Math.max(to + len + SHORT, data.length * 2));
        }
        if (len <= SHORT && start + SHORT <= bytes.length) {
            // a short value is copied as two words, bytes after it included (overwritten by the next value),
            // which is cheaper than the general copy's set-up
            byte[] d = data;
            ByteWords.LONG.set(d, to, (long) ByteWords.LONG.get(bytes, start));
            ByteWords.LONG.set(d, to + 8, (long) ByteWords.LONG.get(bytes, start + 8));
        } else {
            System.arraycopy(bytes, start, data, to, len);
        }
        end = to + len;
        offsets[row + 1] = end;
        validity[row >> 3] |= (byte) (1 << (row & 7));
    }

    /** Values up to this long are copied as two words. */
    private static final int SHORT = 16;

    void appendNull(int row) {
        offsets[row + 1] = end;
    }

    /** Moves the first {@code rows} rows into {@code vector} and starts the next batch. */
    void moveTo(VarCharVector vector, int rows) {
        if (replaceInvalid) {
            replaceInvalid(rows);
        }
        fill(vector, rows, data, end, offsets, validity);
        end = 0;
        Arrays.fill(validity, 0, (rows + 7) >> 3, (byte) 0);
    }

    /**
     * Sets {@code vector} to {@code rows} text values given as arrays: {@code data[0, end)} the bytes,
     * {@code offsets[0, rows]} where each value starts, {@code validity} a bit per row, set where the value is there.
     */
    static void fill(VarCharVector vector, int rows, byte[] data, int end, int[] offsets, byte[] validity) {
        int validityBytes = (rows + 7) >> 3;
        vector.allocateNew(Math.max(end, 1), rows);
        vector.getDataBuffer().setBytes(0, data, 0, end);
        vector.getOffsetBuffer().nioBuffer(0, (rows + 1) * VarCharVector.OFFSET_WIDTH)
                .order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(offsets, 0, rows + 1);
        vector.getValidityBuffer().setBytes(0, validity, 0, validityBytes);
        vector.setLastSet(rows - 1);
        vector.setValueCount(rows);
    }
}
