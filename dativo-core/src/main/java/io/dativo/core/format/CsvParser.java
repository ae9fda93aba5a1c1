package io.dativo.core.format;

import io.dativo.api.SourceDataException;
import io.dativo.core.internal.ByteWords;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An RFC 4180 CSV parser over UTF-8 bytes. {@link #next()} reads one record; its fields are byte ranges of
 * {@link #bytes()}, valid until the next call. Unquoted fields are ranges of the read buffer itself, found eight
 * bytes at a time; quoted fields are unescaped in place. Line numbers count from 1 and follow line breaks inside
 * quoted fields.
 */
public final class CsvParser implements Closeable {

    private static final long NEWLINES = ByteWords.broadcast((byte) '\n');
    private static final long CRS = ByteWords.broadcast((byte) '\r');

    private final InputStream in;
    private final String origin;
    private final byte delimiter;
    private final byte quote;
    private final long delimiters;
    private final long quotes;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean pendingCr;
    /** Where the current record starts in {@link #buf}; field offsets are relative to it. */
    private int recordStart;

    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private boolean[] quoted = new boolean[64];
    private int count;
    private long line;
    private long recordLine;

    /** A parser of {@code in}, naming {@code origin} in errors; {@code delimiter} and {@code quote} are bytes. */
    public CsvParser(InputStream in, String origin, byte delimiter, byte quote) {
        this(in, origin, delimiter, quote, 1);
    }

    /**
     * A parser of {@code in} whose first byte is on line {@code firstLine} of {@code origin} (a range of a file
     * that starts at the beginning of a line).
     */
    public CsvParser(InputStream in, String origin, byte delimiter, byte quote, long firstLine) {
        this.in = in;
        this.origin = origin;
        this.delimiter = delimiter;
        this.quote = quote;
        this.delimiters = ByteWords.broadcast(delimiter);
        this.quotes = ByteWords.broadcast(quote);
        this.line = firstLine;
    }

    /** The field delimiter this parser splits records at. */
    public byte delimiter() {
        return delimiter;
    }

    /** The number of fields of the current record. */
    public int fieldCount() {
        return count;
    }

    /** The buffer the current record's fields are in, at {@link #start(int)} for {@link #length(int)} bytes. */
    public byte[] bytes() {
        return buf;
    }

    /** Where {@code field} of the current record starts in {@link #bytes()}. */
    public int start(int field) {
        return recordStart + starts[field];
    }

    /** The length in bytes of {@code field} of the current record, quotes removed. */
    public int length(int field) {
        return ends[field] - starts[field];
    }

    /** Whether {@code field} of the current record was quoted. */
    public boolean quoted(int field) {
        return quoted[field];
    }

    /** The line the current record starts on. */
    public long recordLine() {
        return recordLine;
    }

    /** {@code field} of the current record as a string. */
    public String text(int field) {
        return new String(buf, start(field), length(field), StandardCharsets.UTF_8);
    }

    /** Reads the next record, skipping empty lines; false at the end of input. */
    public boolean next() throws IOException {
        count = 0;
        while (true) {
            recordStart = pos;
            if (pos >= limit && !fill()) {
                return false;
            }
            byte b = buf[pos];
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    pos++;
                    continue;
                }
            }
            if (b != '\n' && b != '\r') {
                break;
            }
            pendingCr = b == '\r';
            pos++;
            line++;
        }
        recordLine = line;
        while (true) {
            if (pos >= limit && !fill()) {
                endField(pos - recordStart, pos - recordStart, false);
                return true;
            }
            if (buf[pos] == quote) {
                quotedField();
            } else {
                int at = pos;
                if (words()) {
                    return true;
                }
                if (pos != at) {
                    continue;
                }
                int from = pos - recordStart;
                while (true) {
                    int i = pos;
                    byte[] b = buf;
                    int end = limit;
                    while (i < end) {
                        byte c = b[i];
                        if (c == delimiter || c == '\n' || c == '\r') {
                            break;
                        }
                        i++;
                    }
                    pos = i;
                    if (i < end || !fill()) {
                        break;
                    }
                }
                endField(from, pos - recordStart, false);
            }
            if (pos >= limit && !fill()) {
                return true;
            }
            byte b = buf[pos++];
            if (b != delimiter) {
                pendingCr = b == '\r';
                line++;
                return true;
            }
        }
    }

    /**
     * Reads unquoted fields from {@link #pos} eight bytes at a time, each word's delimiters, quotes and line breaks
     * found at once; true when the record ended (after its line break), else false with {@link #pos} at the start
     * of the field the bytewise path goes on with: one that opens with a quote, or one too near the end of the
     * buffered input for a whole word.
     */
    private boolean words() {
        byte[] b = buf;
        int fieldStart = pos;
        int last = limit - Long.BYTES;
        for (int i = pos; i <= last; i += Long.BYTES) {
            long w = (long) ByteWords.LONG.get(b, i);
            long marked = ByteWords.zeroBytes(w ^ delimiters) | ByteWords.zeroBytes(w ^ NEWLINES)
                    | ByteWords.zeroBytes(w ^ CRS) | ByteWords.zeroBytes(w ^ quotes);
            while (marked != 0) {
                int at = i + ByteWords.firstMarked(marked);
                marked &= marked - 1;
                byte c = b[at];
                if (c == delimiter) {
                    endField(fieldStart - recordStart, at - recordStart, false);
                    fieldStart = at + 1;
                } else if (c == '\n' || c == '\r') {
                    endField(fieldStart - recordStart, at - recordStart, false);
                    pos = at + 1;
                    pendingCr = c == '\r';
                    line++;
                    return true;
                } else if (at == fieldStart) {
                    // a quoted field: unescaped by the bytewise path
                    pos = at;
                    return false;
                }
            }
        }
        pos = fieldStart;
        return false;
    }

    /** Reads a quoted field starting at its opening quote, unescaping doubled quotes in place. */
    private void quotedField() throws IOException {
        long quoteLine = line;
        pos++;
        int from = pos - recordStart;
        int to = from;
        while (true) {
            if (pos >= limit && !fill()) {
                throw new SourceDataException(origin + ":" + quoteLine,
                        "quoted field is not closed before the end of the file (quote opened on line " + quoteLine
                                + ")");
            }
            byte c = buf[pos];
            if (c == quote) {
                if (pos + 1 >= limit && !fill()) {
                    pos++;
                    break;
                }
                if (buf[pos + 1] != quote) {
                    pos++;
                    break;
                }
                pos++;
            } else if (c == '\n') {
                line++;
            }
            buf[recordStart + to++] = c;
            pos++;
        }
        if (pos < limit || fill()) {
            byte next = buf[pos];
            if (next != delimiter && next != '\n' && next != '\r') {
                throw new SourceDataException(origin + ":" + line, "unexpected character '" + (char) next
                        + "' after the closing quote of field " + (count + 1));
            }
        }
        endField(from, to, true);
    }

    /**
     * Keeps the current record at the start of the buffer, growing it if the record fills it, and reads more
     * input after it; false at the end of input.
     */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int keep = limit - recordStart;
        if (recordStart > 0) {
            System.arraycopy(buf, recordStart, buf, 0, keep);
            pos -= recordStart;
            recordStart = 0;
        }
        if (keep == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        limit = keep;
        int n = in.read(buf, limit, buf.length - limit);
        if (n <= 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    private void endField(int from, int to, boolean wasQuoted) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            quoted = Arrays.copyOf(quoted, count * 2);
        }
        starts[count] = from;
        ends[count] = to;
        quoted[count] = wasQuoted;
        count++;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
