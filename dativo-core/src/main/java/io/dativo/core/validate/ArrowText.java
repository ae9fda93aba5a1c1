package io.dativo.core.validate;

import io.dativo.core.vector.Validity;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.VarCharVector;

/**
 * The plain numbers and dates of a text vector read where Arrow keeps them: offsets and bytes straight from the
 * vector's buffers, a word at a time, with no copy of the column and no bounds check per read. Memory is read
 * without checks only inside the buffers' capacities, which {@link #load} takes once: a value whose offsets point
 * elsewhere is not read here but left to {@link #copy(int)}, whose reads Arrow checks. Reused from column to column;
 * the vector must stay open while it is read.
 */
final class ArrowText {

    private final Validity validity = new Validity();
    private ArrowBuf buffer;
    private long data;
    private long offsets;
    /** The last position of the data buffer from which {@link #WORDS} bytes can be read. */
    private long lastWords;
    private byte[] scratch = new byte[64];

    /** Bytes read at a value's start: a sign and two words. */
    private static final int WORDS = 1 + 2 * Long.BYTES;

    /** Starts reading the first {@code rows} values of {@code v}. */
    ArrowText load(VarCharVector v, int rows) {
        ArrowBuf offsetBuffer = v.getOffsetBuffer();
        long offsetBytes = (rows + 1L) * VarCharVector.OFFSET_WIDTH;
        if (rows > 0 && offsetBuffer.capacity() < offsetBytes) {
            throw new IllegalArgumentException("column '" + v.getName() + "' has offsets for fewer than " + rows
                    + " values");
        }
        validity.load(v, rows);
        buffer = v.getDataBuffer();
        data = buffer.memoryAddress();
        offsets = offsetBuffer.memoryAddress();
        // the plain forms are read as little-endian words; elsewhere every value takes the checked copy
        lastWords = MemoryUtil.LITTLE_ENDIAN ? buffer.capacity() - WORDS : -1;
        return this;
    }

    /** Whether the value of {@code row} is not null. */
    boolean present(int row) {
        return validity.present(row);
    }

    /**
     * Where the value of {@code row} starts in the data buffer, and the previous one ends; {@code row} at most the
     * number of rows loaded.
     */
    int offset(int row) {
        return MemoryUtil.getInt(offsets + ((long) row << 2));
    }

    /**
     * The unscaled value of a plain decimal from {@code start} to {@code end} in the data buffer, a value's offsets
     * (see {@link PlainText#unscaled(byte[], int, int, int, int)}), or {@link PlainText#NOT_PLAIN} for any other text,
     * a value too long to read in words, or one too near the end of the buffer.
     */
    long unscaled(int start, int end, int precision, int scale) {
        int len = end - start;
        if (start < 0 || start > lastWords || len < 1 || len > PlainText.WORD_TEXT + 1) {
            return PlainText.NOT_PLAIN;
        }
        long at = data + start;
        long first = MemoryUtil.getLong(at);
        byte sign = (byte) first;
        boolean negative = sign == '-';
        if (negative || sign == '+') {
            at++;
            len--;
            first = MemoryUtil.getLong(at);
        }
        return len <= Long.BYTES ? PlainText.unscaled(first, len, negative, precision, scale)
                : PlainText.unscaled(first, MemoryUtil.getLong(at + Long.BYTES), len, negative, precision, scale);
    }

    /**
     * Days since 1970-01-01 of a plain date from {@code start} to {@code end} in the data buffer (see
     * {@link PlainText#epochDay(byte[], int, int)}), or {@link PlainText#NOT_PLAIN}.
     */
    long epochDay(int start, int end) {
        if (end - start != 10 || start < 0 || start > lastWords) {
            return PlainText.NOT_PLAIN;
        }
        long at = data + start;
        return PlainText.epochDay(MemoryUtil.getLong(at), MemoryUtil.getShort(at + Long.BYTES));
    }

    /**
     * Copies the bytes of the value of {@code row} to the start of {@link #scratch()}, through Arrow's checked reads,
     * with at least {@link PlainText#WORD_TEXT} bytes after them; returns their length.
     */
    int copy(int row) {
        int start = offset(row);
        int len = offset(row + 1) - start;
        if (scratch.length < len + WORDS) {
            scratch = new byte[Math.max(len + WORDS, scratch.length * 2)];
        }
        buffer.getBytes(start, scratch, 0, len);
        return len;
    }

    /** The bytes {@link #copy(int)} copied last. */
    byte[] scratch() {
        return scratch;
    }
}
