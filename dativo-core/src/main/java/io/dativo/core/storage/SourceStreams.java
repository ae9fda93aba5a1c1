package io.dativo.core.storage;

import com.github.luben.zstd.ZstdInputStream;
import io.dativo.api.DativoException;
import io.dativo.api.io.InputFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Opens source files as streams: decompressed on the fly when the name ends in {@code .gz} or {@code .zst}, and
 * re-encoded as UTF-8 whatever the text's encoding.
 */
public final class SourceStreams {

    private static final int BUFFER = 1 << 16;

    private SourceStreams() {
    }

    /** True if {@code location} names a compressed file that {@link #open} decompresses. */
    public static boolean compressed(String location) {
        String name = location.toLowerCase(Locale.ROOT);
        return name.endsWith(".gz") || name.endsWith(".zst");
    }

    /** The bytes of {@code file}, decompressed when its name ends in {@code .gz} (gzip) or {@code .zst} (Zstandard). */
    public static InputStream open(InputFile file) throws IOException {
        InputStream raw = file.newStream();
        try {
            String name = file.location().toLowerCase(Locale.ROOT);
            if (name.endsWith(".gz")) {
                return new GZIPInputStream(new BufferedInputStream(raw, BUFFER), BUFFER);
            }
            if (name.endsWith(".zst")) {
                return new BufferedInputStream(new ZstdInputStream(new BufferedInputStream(raw, BUFFER)), BUFFER);
            }
            return raw;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The text of {@code file} as UTF-8 bytes, decompressed, decoded as {@link #utf8} says. */
    public static InputStream openUtf8(InputFile file, Charset declared) throws IOException {
        InputStream in = open(file);
        try {
            return utf8(in, declared);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The charset named by the {@code encoding} option, accepting spellings like {@code utf-16-le}. */
    public static Charset charset(String name) {
        String key = name.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        switch (key) {
            case "UTF8", "UTF8SIG":
                return StandardCharsets.UTF_8;
            case "UTF16":
                return StandardCharsets.UTF_16;
            case "UTF16LE":
                return StandardCharsets.UTF_16LE;
            case "UTF16BE":
                return StandardCharsets.UTF_16BE;
            case "LATIN1", "ISO88591":
                return StandardCharsets.ISO_8859_1;
            case "ASCII", "USASCII":
                return StandardCharsets.US_ASCII;
            default:
                try {
                    return Charset.forName(name);
                } catch (UnsupportedCharsetException | IllegalCharsetNameException e) {
                    throw new DativoException("source.engine.options.encoding: unknown encoding '" + name + "'");
                }
        }
    }

    /**
     * {@code raw} text as UTF-8 bytes. A byte order mark decides the encoding when present (and is dropped);
     * otherwise {@code declared} does.
     */
    public static InputStream utf8(InputStream raw, Charset declared) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 3);
        byte[] head = new byte[3];
        int n = in.readNBytes(head, 0, 3);
        int b0 = n > 0 ? head[0] & 0xFF : -1;
        int b1 = n > 1 ? head[1] & 0xFF : -1;
        int b2 = n > 2 ? head[2] & 0xFF : -1;
        Charset charset = declared;
        int bom = 0;
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
            bom = 3;
            charset = StandardCharsets.UTF_8;
        } else if (b0 == 0xFF && b1 == 0xFE) {
            bom = 2;
            charset = StandardCharsets.UTF_16LE;
        } else if (b0 == 0xFE && b1 == 0xFF) {
            bom = 2;
            charset = StandardCharsets.UTF_16BE;
        }
        in.unread(head, bom, n - bom);
        if (charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)) {
            return in;
        }
        return new Utf8Stream(new InputStreamReader(in, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** Re-encodes characters as UTF-8 bytes. */
    private static final class Utf8Stream extends InputStream {
        private final Reader reader;
        private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder();
        private final CharBuffer chars = CharBuffer.allocate(8192);
        private final ByteBuffer bytes = ByteBuffer.allocate(8192 * 3);
        private boolean eof;

        Utf8Stream(Reader reader) {
            this.reader = reader;
            bytes.flip();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (!bytes.hasRemaining()) {
                if (eof) {
                    return -1;
                }
                int n = reader.read(chars);
                if (n < 0) {
                    eof = true;
                }
                chars.flip();
                bytes.clear();
                encoder.encode(chars, bytes, eof);
                chars.compact();
                bytes.flip();
            }
            int n = Math.min(len, bytes.remaining());
            bytes.get(b, off, n);
            return n;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
