package io.dativo.core.connector.file;

import io.dativo.api.io.InputFile;
import io.dativo.api.io.SeekableInputStream;
import io.dativo.core.internal.ByteWords;
import io.dativo.core.storage.SourceFiles;
import io.dativo.core.storage.SourceStreams;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a text file into ranges of whole lines that separate splits read at once, and opens such a range.
 *
 * <p>A cut comes right after a {@code \n}, at the first one at or after the range's target size, so a range never
 * starts inside a line. One scan of the file up to the last cut counts line breaks the way the CSV parser and the
 * JSON Lines reader count them ({@code \n}, {@code \r\n} and a lone {@code \r} each end a line), so each range knows
 * the line its first byte is on and errors name the same line as a read of the whole file. With a quote character,
 * the scan follows quoted fields as the CSV parser reads them (a quote opens a field only at the field's start; a
 * doubled quote inside is an escaped quote; a line break inside is part of the value and counts as a line) and
 * never cuts inside one. Only files read as bytes are cut: not compressed files, and only in encodings where a
 * {@code \n} byte is always a line break (UTF-8 and single-byte ASCII-compatible ones), never UTF-16.
 */
final class TextRanges {

    /** No quote character: every {@code \n} may end a range (JSON Lines, where strings cannot hold a line break). */
    static final int NO_QUOTE = 256;

    private static final Logger LOG = LoggerFactory.getLogger(TextRanges.class);
    private static final int CHUNK = 1 << 20;

    private TextRanges() {
    }

    /** Whether {@code encoding} is one whose {@code \n} byte is never part of another character. */
    private static boolean byteLines(Charset encoding) {
        String name = encoding.name().toUpperCase(Locale.ROOT);
        return encoding.equals(StandardCharsets.UTF_8) || encoding.equals(StandardCharsets.US_ASCII)
                || name.startsWith("ISO-8859-") || name.startsWith("WINDOWS-125");
    }

    /**
     * {@code file}, read in {@code encoding}, cut into ranges of about {@code partBytes}: the whole file when it is not
     * larger, when it is compressed, when its encoding is not one {@link TextRanges} cuts, when it starts with a byte
     * order mark of another encoding, or when no cut is found. {@code quote} is the quote byte, or {@link #NO_QUOTE}
     * (a value no byte has), and {@code delimiter} the field delimiter, which decides where a quoted field may start.
     */
    static List<FilePart> cut(SourceFiles.Entry file, InputFile input, long partBytes, Charset encoding,
                              byte delimiter, int quote) throws IOException {
        long size = file.size();
        if (size <= partBytes) {
            return List.of(FilePart.whole(file));
        }
        if (SourceStreams.compressed(file.location()) || !byteLines(encoding)) {
            LOG.debug("{}: not cut into parts: compressed, or not in UTF-8 or a one-byte encoding", file.label());
            return List.of(FilePart.whole(file));
        }
        Scan scan = new Scan(delimiter, quote);
        List<FilePart> parts = new ArrayList<>();
        long partStart = 0;
        long partLine = 1;
        try (InputStream in = input.newStream()) {
            byte[] buf = new byte[CHUNK];
            long offset = 0;
            int n;
            while (size - partStart > partBytes && (n = in.readNBytes(buf, 0, buf.length)) > 0) {
                if (offset == 0 && otherEncodingMark(buf, n, encoding)) {
                    LOG.debug("{}: not cut into parts: its byte order mark names another encoding", file.label());
                    return List.of(FilePart.whole(file));
                }
                int from = 0;
                while (from < n && size - partStart > partBytes) {
                    int cutAt = (int) Math.max(from, Math.min(n, partStart + partBytes - 1 - offset));
                    int nl = scan.scan(buf, from, cutAt, n);
                    if (nl < 0) {
                        break;
                    }
                    long end = offset + nl + 1;
                    parts.add(new FilePart(file, partStart, end - partStart, partLine));
                    partStart = end;
                    partLine = scan.lines + 1;
                    from = nl + 1;
                }
                offset += n;
            }
        }
        if (parts.isEmpty()) {
            LOG.debug("{}: not cut into parts: no line break outside quotes after the first {} bytes", file.label(),
                    partBytes);
            return List.of(FilePart.whole(file));
        }
        if (partStart < size) {
            parts.add(new FilePart(file, partStart, size - partStart, partLine));
        }
        return parts;
    }

    /**
     * Whether the file starts with a byte order mark that makes its reader decode it otherwise than in
     * {@code encoding} (UTF-16, or UTF-8 when another encoding is declared): its ranges would then be decoded
     * differently from its start.
     */
    private static boolean otherEncodingMark(byte[] head, int n, Charset encoding) {
        boolean utf16 = n >= 2 && (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE
                || head[0] == (byte) 0xFE && head[1] == (byte) 0xFF);
        boolean utf8 = n >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF;
        return utf16 || utf8 && !encoding.equals(StandardCharsets.UTF_8);
    }

    /** The bytes of {@code part} of {@code file}: the whole file as {@link SourceStreams#open} gives it, or a range. */
    static InputStream open(FilePart part, InputFile file) throws IOException {
        if (part.isWhole()) {
            return SourceStreams.open(file);
        }
        SeekableInputStream in = file.newStream();
        try {
            in.seek(part.start());
            return new Range(in, part.length());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The scan's state, carried from one chunk to the next. */
    private static final class Scan {
        private final byte delimiter;
        private final int quote;
        /** The quote byte in every byte of a word. */
        private final long quotes;
        /** Line breaks seen so far. */
        long lines;
        private boolean quoted;
        /** A quote was seen inside a quoted field: it closes the field unless another quote follows. */
        private boolean closing;
        private boolean fieldStart = true;
        private boolean afterCr;

        Scan(byte delimiter, int quote) {
            this.delimiter = delimiter;
            this.quote = quote;
            this.quotes = ByteWords.broadcast((byte) quote);
        }

        /**
         * Scans {@code buf[from, to)}, counting lines, and returns the index of the first {@code \n} outside quotes
         * at or after {@code cutAt} (the scan stops after it), or -1 when there is none before {@code to}.
         */
        int scan(byte[] buf, int from, int cutAt, int to) {
            for (int i = from; i < to; i++) {
                if (!quoted && !afterCr && i + WORD <= cutAt) {
                    i = plainWords(buf, i, Math.min(cutAt, to));
                    if (i == to) {
                        break;
                    }
                }
                byte b = buf[i];
                if (quoted) {
                    if (closing) {
                        closing = false;
                        if (b == quote) {
                            continue;
                        }
                        quoted = false;
                    } else {
                        if (b == quote) {
                            closing = true;
                        } else if (b == '\n') {
                            lines++;
                        }
                        continue;
                    }
                }
                if (b == '\n') {
                    if (!afterCr) {
                        lines++;
                    }
                    afterCr = false;
                    fieldStart = true;
                    if (i >= cutAt) {
                        return i;
                    }
                } else if (b == '\r') {
                    lines++;
                    afterCr = true;
                    fieldStart = true;
                } else {
                    afterCr = false;
                    if (b == delimiter) {
                        fieldStart = true;
                    } else {
                        quoted = fieldStart && b == quote;
                        fieldStart = false;
                    }
                }
            }
            return -1;
        }

        /**
         * Counts the line breaks of the words of eight bytes from {@code i} (before {@code limit}) that hold no quote
         * and no {@code \r}, the bytes of nearly every line of a file, and returns where the byte-by-byte scan goes
         * on. Outside quotes and not after a {@code \r}, such a word moves the scan only by its {@code \n}s and its
         * last byte, which says whether a field starts next.
         */
        private int plainWords(byte[] buf, int i, int limit) {
            int start = i;
            long found = 0;
            byte last = 0;
            while (i + WORD <= limit) {
                long word = (long) ByteWords.LONG.get(buf, i);
                long special = ByteWords.zeroBytes(word ^ CRS);
                if (quote != NO_QUOTE) {
                    special |= ByteWords.zeroBytes(word ^ quotes);
                }
                if (special != 0) {
                    break;
                }
                found += Long.bitCount(ByteWords.zeroBytes(word ^ NEWLINES));
                last = buf[i + WORD - 1];
                i += WORD;
            }
            if (i > start) {
                lines += found;
                fieldStart = last == '\n' || last == delimiter;
            }
            return i;
        }
    }

    /** Whether a word may be skipped is decided on this many bytes at once. */
    private static final int WORD = Long.BYTES;
    private static final long NEWLINES = ByteWords.broadcast((byte) '\n');
    private static final long CRS = ByteWords.broadcast((byte) '\r');

    /** The next {@code remaining} bytes of a stream. */
    private static final class Range extends FilterInputStream {
        private long remaining;

        Range(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
