package io.dativo.core.connector.file;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.vector.VarCharVector;

/**
 * One field of a batch of JSON Lines records, collected as UTF-8 text in arrays and moved into a vector of exactly
 * its size when the batch is complete; the arrays are reused from batch to batch. Records that do not name the field
 * are filled with nulls when a later record names it, or when the batch is moved, so a record costs nothing for the
 * fields it lacks. A field the contract does not name is {@linkplain #kept() not kept}: only its name is carried,
 * so that validation counts it as a dropped column.
 */
final class JsonColumn {

    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private final String name;
    private final byte[] nameBytes;
    private final boolean kept;
    private byte[] data;
    private int[] offsets;
    private byte[] validity;
    private int end;
    /** Rows of the batch holding a value or a null. */
    private int filled;
    /** Whether a record of the current batch names the field. */
    boolean inBatch;

    JsonColumn(String name, boolean kept, int batchSize) {
        this.name = name;
        this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
        this.kept = kept;
        if (kept) {
            // Sized for a small file; grown to the batch size only when records fill it.
            data = new byte[1 << 12];
            offsets = new int[Math.min(batchSize, 1024) + 1];
            validity = new byte[(offsets.length + 7) >> 3];
        }
    }

    String name() {
        return name;
    }

    /** Whether the {@code len} bytes of {@code b} from {@code start} are the UTF-8 form of this field's name. */
    boolean named(byte[] b, int start, int len) {
        return Arrays.equals(nameBytes, 0, nameBytes.length, b, start, start + len);
    }

    /** Whether values are collected; false for a field the contract does not name. */
    boolean kept() {
        return kept;
    }

    /**
     * Starts the value of {@code row}: the rows before it that have none become null, and a value {@code row}
     * already has (the record names the field twice) is dropped, so that the last one counts, as in a JSON object
     * read into a map.
     */
    void startRow(int row) {
        dropRow(row);
        capacity(row + 1);
        fillNulls(row);
    }

    /** Drops the value of {@code row}, if it has one. */
    void dropRow(int row) {
        if (filled > row) {
            end = offsets[row];
            validity[row >> 3] &= (byte) ~(1 << (row & 7));
            filled = row;
        }
    }

    /** Makes room for the offsets and validity of {@code rows} rows. */
    private void capacity(int rows) {
        if (rows >= offsets.length) {
            offsets = Arrays.copyOf(offsets, Math.max(rows + 1, offsets.length * 2));
            validity = Arrays.copyOf(validity, (offsets.length + 7) >> 3);
        }
    }

    private void fillNulls(int rows) {
        capacity(rows);
        while (filled < rows) {
            offsets[++filled] = end;
        }
    }

    /** Ends the value of {@code row} started with {@link #startRow} as a null. */
    void appendNull(int row) {
        offsets[row + 1] = end;
        filled = row + 1;
    }

    /** Ends the value of {@code row} started with {@link #startRow} as {@code len} ASCII characters. */
    void appendAscii(int row, String ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            data[end++] = (byte) ascii.charAt(i);
        }
        present(row);
    }

    /**
     * Ends the value of {@code row} started with {@link #startRow} as the UTF-8 bytes of {@code len} characters.
     * A lone surrogate becomes U+FFFD ({@code replace}); otherwise an escaped byte ({@code U+DC80} to
     * {@code U+DCFF}) becomes the byte it stands for and any other lone surrogate its three-byte form, so that the
     * value is not valid UTF-8 and validation handles it by the validation mode.
     */
    void appendChars(int row, char[] c, int off, int len, boolean replace) {
        ensure(len * 3);
        byte[] d = data;
        int e = end;
        int i = off;
        int lim = off + len;
        while (i < lim && c[i] < 0x80) {
            d[e++] = (byte) c[i++];
        }
        for (; i < lim; i++) {
            char ch = c[i];
            if (ch < 0x80) {
                d[e++] = (byte) ch;
            } else if (ch < 0x800) {
                d[e++] = (byte) (0xC0 | ch >> 6);
                d[e++] = (byte) (0x80 | ch & 0x3F);
            } else if (Character.isHighSurrogate(ch) && i + 1 < lim && Character.isLowSurrogate(c[i + 1])) {
                int cp = Character.toCodePoint(ch, c[++i]);
                d[e++] = (byte) (0xF0 | cp >> 18);
                d[e++] = (byte) (0x80 | cp >> 12 & 0x3F);
                d[e++] = (byte) (0x80 | cp >> 6 & 0x3F);
                d[e++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(ch) && replace) {
                System.arraycopy(REPLACEMENT, 0, d, e, 3);
                e += 3;
            } else if (ch >= 0xDC80 && ch <= 0xDCFF) {
                d[e++] = (byte) (ch & 0xFF);
            } else {
                d[e++] = (byte) (0xE0 | ch >> 12);
                d[e++] = (byte) (0x80 | ch >> 6 & 0x3F);
                d[e++] = (byte) (0x80 | ch & 0x3F);
            }
        }
        end = e;
        present(row);
    }

    /** Ends the value of {@code row} started with {@link #startRow} as {@code len} bytes of valid UTF-8. */
    void appendUtf8(int row, byte[] b, int start, int len) {
        ensure(len);
        System.arraycopy(b, start, data, end, len);
        end += len;
        present(row);
    }

    private void present(int row) {
        offsets[row + 1] = end;
        validity[row >> 3] |= (byte) (1 << (row & 7));
        filled = row + 1;
    }

    private void ensure(int more) {
        if (end + more > data.length) {
            data = Arrays.copyOf(data, Math.max(end + more, data.length * 2));
        }
    }

    /** Moves the first {@code rows} rows into {@code vector} and starts the next batch. */
    void moveTo(VarCharVector vector, int rows) {
        fillNulls(rows);
        TextAppender.fill(vector, rows, data, end, offsets, validity);
        reset();
    }

    /** Starts the next batch. */
    void reset() {
        inBatch = false;
        if (kept) {
            Arrays.fill(validity, 0, (filled + 7) >> 3, (byte) 0);
            end = 0;
            filled = 0;
        }
    }
}
