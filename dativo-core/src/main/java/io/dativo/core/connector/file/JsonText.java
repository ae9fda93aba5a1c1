package io.dativo.core.connector.file;

import io.dativo.api.Rows;
import io.dativo.core.vector.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Carries text that is not valid UTF-8 from a JSON line to the batch as the bytes it was, so that validation finds
 * it and handles it by the validation mode, instead of a decoder silently replacing it. Ill-formed bytes are escaped
 * as lone surrogates ({@code \uDC80} to {@code \uDCFF}, the convention known as surrogate escape) before the line
 * is parsed; a string holding lone surrogates, escaped so or written so in the JSON, is turned back into bytes
 * that are not valid UTF-8.
 */
final class JsonText {

    private JsonText() {
    }

    /** A string value whose bytes are not valid UTF-8. */
    record Raw(byte[] bytes) {
        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
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
     * {@code text} if it is well-formed; otherwise, with its lone surrogates replaced by U+FFFD ({@code replace}),
     * or as the bytes it stands for.
     */
    static Object checked(String text, boolean replace) {
        if (!hasLoneSurrogate(text)) {
            return text;
        }
        if (replace) {
            StringBuilder sb = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> sb.appendCodePoint(Character.isSurrogate((char) cp)
                    && cp <= Character.MAX_VALUE ? 0xFFFD : cp));
            return sb.toString();
        }
        byte[] out = new byte[text.length() * 4];
        int n = 0;
        for (int cp : text.codePoints().toArray()) {
            if (cp >= 0xDC80 && cp <= 0xDCFF) {
                out[n++] = (byte) (cp & 0xFF);
            } else if (cp < 0x80) {
                out[n++] = (byte) cp;
            } else if (cp < 0x800) {
                out[n++] = (byte) (0xC0 | cp >> 6);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                // A lone surrogate other than an escaped byte comes out as its three-byte form, which is ill-formed.
                out[n++] = (byte) (0xE0 | cp >> 12);
                out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[n++] = (byte) (0xF0 | cp >> 18);
                out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            }
        }
        return new Raw(Arrays.copyOf(out, n));
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** The batch of {@code rows}, with {@link Raw} values in their text columns as their bytes. */
    static VectorSchemaRoot toArrow(List<Map<String, Object>> rows, BufferAllocator allocator) {
        VectorSchemaRoot root = Rows.toArrow(rows, allocator);
        List<String> rawColumns = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            row.forEach((k, v) -> {
                if (v instanceof Raw && !rawColumns.contains(k)) {
                    rawColumns.add(k);
                }
            });
        }
        if (rawColumns.isEmpty()) {
            return root;
        }
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (FieldVector v : root.getFieldVectors()) {
                if (v instanceof VarCharVector && rawColumns.contains(v.getName())) {
                    vectors.add(rawColumn(v.getName(), rows, allocator));
                    v.close();
                } else {
                    vectors.add(v);
                }
            }
        } catch (RuntimeException e) {
            root.close();
            vectors.forEach(FieldVector::close);
            throw e;
        }
        VectorSchemaRoot out = new VectorSchemaRoot(vectors);
        out.setRowCount(rows.size());
        return out;
    }

    private static VarCharVector rawColumn(String name, List<Map<String, Object>> rows, BufferAllocator allocator) {
        VarCharVector v = new VarCharVector(name, allocator);
        v.allocateNew(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Object x = rows.get(i).get(name);
            if (x == null) {
                v.setNull(i);
            } else {
                v.setSafe(i, x instanceof Raw r ? r.bytes() : x.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        v.setValueCount(rows.size());
        return v;
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
