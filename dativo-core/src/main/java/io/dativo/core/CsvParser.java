package io.dativo.core;

import io.dativo.api.SourceDataException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An RFC 4180 CSV parser over UTF-8 bytes that reuses its buffers. {@link #next()} reads one record; its fields are
 * byte ranges of {@link #bytes()}. Line numbers count from 1 and follow line breaks inside quoted fields.
 */
final class CsvParser implements Closeable {

    private static final int START = 0;
    private static final int FIELD = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    private final InputStream in;
    private final String origin;
    private final byte delimiter;
    private final byte quote;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean pendingCr;

    private byte[] row = new byte[1024];
    private int rowLen;
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private boolean[] quoted = new boolean[64];
    private int count;
    private long line = 1;
    private long recordLine;

    CsvParser(InputStream in, String origin, byte delimiter, byte quote) {
        this.in = in;
        this.origin = origin;
        this.delimiter = delimiter;
        this.quote = quote;
    }

    int fieldCount() {
        return count;
    }

    byte[] bytes() {
        return row;
    }

    int start(int field) {
        return starts[field];
    }

    int length(int field) {
        return ends[field] - starts[field];
    }

    boolean quoted(int field) {
        return quoted[field];
    }

    /** The line the current record starts on. */
    long recordLine() {
        return recordLine;
    }

    String text(int field) {
        return new String(row, starts[field], length(field), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads the next record, skipping empty lines; false at the end of input. */
    boolean next() throws IOException {
        count = 0;
        rowLen = 0;
        recordLine = line;
        int state = START;
        boolean fieldQuoted = false;
        long quoteLine = 0;
        int fieldStart = 0;
        while (true) {
            if (pos >= limit) {
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (state == QUOTED) {
                        throw new SourceDataException(origin + ":" + quoteLine,
                                "quoted field is not closed before the end of the file (quote opened on line "
                                        + quoteLine + ")");
                    }
                    if (state == START && count == 0) {
                        return false;
                    }
                    endField(fieldStart, fieldQuoted);
                    return true;
                }
            }
            byte b = buf[pos++];
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    continue;
                }
            }
            switch (state) {
                case START -> {
                    if (b == quote) {
                        state = QUOTED;
                        fieldQuoted = true;
                        quoteLine = line;
                    } else if (b == delimiter) {
                        endField(fieldStart, false);
                        fieldStart = rowLen;
                    } else if (b == '\n' || b == '\r') {
                        pendingCr = b == '\r';
                        line++;
                        if (count == 0) {
                            recordLine = line;
                            continue;
                        }
                        endField(fieldStart, false);
                        return true;
                    } else {
                        pos = appendRun(pos - 1);
                        state = FIELD;
                    }
                }
                case FIELD -> {
                    if (b == delimiter) {
                        endField(fieldStart, false);
                        fieldStart = rowLen;
                        state = START;
                    } else if (b == '\n' || b == '\r') {
                        pendingCr = b == '\r';
                        line++;
                        endField(fieldStart, false);
                        return true;
                    } else {
                        pos = appendRun(pos - 1);
                    }
                }
                case QUOTED -> {
                    if (b == quote) {
                        state = QUOTE_IN_QUOTED;
                    } else {
                        int i = pos - 1;
                        while (i < limit && buf[i] != quote) {
                            if (buf[i] == '\n') {
                                line++;
                            }
                            i++;
                        }
                        appendRange(pos - 1, i);
                        pos = i;
                    }
                }
                default -> {
                    if (b == quote) {
                        append(b);
                        state = QUOTED;
                    } else if (b == delimiter) {
                        endField(fieldStart, true);
                        fieldStart = rowLen;
                        fieldQuoted = false;
                        state = START;
                    } else if (b == '\n' || b == '\r') {
                        pendingCr = b == '\r';
                        line++;
                        endField(fieldStart, true);
                        return true;
                    } else {
                        throw new SourceDataException(origin + ":" + line, "unexpected character '" + (char) b
                                + "' after the closing quote of field " + (count + 1));
                    }
                }
            }
        }
    }

    /** Copies the bytes from {@code from} up to the next delimiter or line break in the buffer; returns where it stopped. */
    private int appendRun(int from) {
        int i = from;
        while (i < limit) {
            byte c = buf[i];
            if (c == delimiter || c == '\n' || c == '\r') {
                break;
            }
            i++;
        }
        appendRange(from, i);
        return i;
    }

    private void appendRange(int from, int to) {
        int n = to - from;
        if (rowLen + n > row.length) {
            row = Arrays.copyOf(row, Math.max(row.length * 2, rowLen + n));
        }
        System.arraycopy(buf, from, row, rowLen, n);
        rowLen += n;
    }

    private void append(byte b) {
        if (rowLen == row.length) {
            row = Arrays.copyOf(row, row.length * 2);
        }
        row[rowLen++] = b;
    }

    private void endField(int fieldStart, boolean wasQuoted) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            quoted = Arrays.copyOf(quoted, count * 2);
        }
        starts[count] = fieldStart;
        ends[count] = rowLen;
        quoted[count] = wasQuoted;
        count++;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
