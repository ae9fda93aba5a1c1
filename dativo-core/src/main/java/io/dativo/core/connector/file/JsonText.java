package io.dativo.core.connector.file;

import io.dativo.core.vector.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Carries text that is not valid UTF-8 from a JSON line to the batch as the bytes it was, so that validation finds
 * it and handles it by the validation mode, instead of a decoder silently replacing it. Ill-formed bytes are escaped
 * as lone surrogates ({@code \uDC80} to {@code \uDCFF}, the convention known as surrogate escape) before the line
 * is parsed; {@link JsonColumn} turns a string holding lone surrogates, escaped so or written so in the JSON, back
 * into bytes that are not valid UTF-8.
 */
final class JsonText {

    private JsonText() {
    }

    /**
     * The first {@code len} bytes of an ill-formed line as text: each ill-formed byte replaced by U+FFFD
     * ({@code replace}), or escaped as a lone surrogate JSON escape.
     */
    static String decode(byte[] b, int len, boolean replace) {
        if (replace) {
            return new String(b, 0, len, StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder(len + 16);
        int from = 0;
        while (from < len) {
            int bad = Utf8.firstInvalid(b, from, len - from);
            int to = bad < 0 ? len : bad;
            sb.append(new String(b, from, to - from, StandardCharsets.UTF_8));
            if (bad < 0) {
                break;
            }
            sb.append(String.format("\\uDC%02X", b[bad] & 0xFF));
            from = bad + 1;
        }
        return sb.toString();
    }

    /**
     * The lines of a stream as bytes, ended by {@code \n}, {@code \r\n} or {@code \r}; the bytes of the current
     * line are valid until the next call.
     */
    static final class ByteLines {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int limit;
        private byte[] line = new byte[1 << 12];
        private int length;
        private boolean pendingCr;

        ByteLines(InputStream in) {
            this.in = in;
        }

        byte[] bytes() {
            return line;
        }

        int length() {
            return length;
        }

        /** Reads the next line; false at the end of input. */
        boolean next() throws IOException {
            length = 0;
            boolean any = false;
            while (true) {
                if (pos == limit) {
                    limit = Math.max(in.read(buf), 0);
                    pos = 0;
                    if (limit == 0) {
                        return any;
                    }
                }
                if (pendingCr) {
                    pendingCr = false;
                    if (buf[pos] == '\n') {
                        pos++;
                        continue;
                    }
                }
                int start = pos;
                while (pos < limit && buf[pos] != '\n' && buf[pos] != '\r') {
                    pos++;
                }
                append(start, pos - start);
                any = true;
                if (pos < limit) {
                    pendingCr = buf[pos++] == '\r';
                    return true;
                }
            }
        }

        private void append(int from, int n) {
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.max(length + n, line.length * 2));
            }
            System.arraycopy(buf, from, line, length, n);
            length += n;
        }
    }
}
