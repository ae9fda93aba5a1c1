package io.dativo.core;

import io.dativo.api.DativoException;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
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
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds a source's files (paths and globs) and opens them as UTF-8 byte streams whatever their encoding. */
public final class SourceFiles {

    private static final Logger LOG = LoggerFactory.getLogger(SourceFiles.class);

    /** A file to read and the object its records belong to. */
    public record Entry(Path path, String label, String object) {
    }

    private SourceFiles() {
    }

    public static List<Entry> expand(SourceConfig source) {
        if (source.files().isEmpty()) {
            throw new DativoException("source.files: the " + source.type() + " source needs at least one file");
        }
        Path base = Path.of(source.baseDir());
        List<Entry> out = new ArrayList<>();
        for (FileSpec spec : source.files()) {
            String pattern = spec.path();
            if (!pattern.matches(".*[*?\\[{].*")) {
                Path p = base.resolve(pattern).normalize();
                if (!Files.isRegularFile(p)) {
                    throw new DativoException("source file not found: " + pattern + " (resolved to " + p + ")");
                }
                out.add(new Entry(p, pattern, objectOf(spec, p)));
                continue;
            }
            int cut = firstGlobChar(pattern);
            int slash = pattern.lastIndexOf('/', cut);
            Path dir = base.resolve(slash < 0 ? "" : pattern.substring(0, slash)).normalize();
            String rest = slash < 0 ? pattern : pattern.substring(slash + 1);
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
            List<Path> found = new ArrayList<>();
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile).filter(p -> matcher.matches(dir.relativize(p))).forEach(found::add);
                } catch (IOException e) {
                    throw new DativoException("cannot list " + dir + ": " + e.getMessage(), e);
                }
            }
            if (found.isEmpty()) {
                LOG.warn("no file matches {} (under {})", pattern, dir);
            }
            found.stream().sorted().forEach(p -> out.add(new Entry(p, displayPath(base, p), objectOf(spec, p))));
        }
        return out;
    }

    private static String displayPath(Path base, Path p) {
        return p.startsWith(base) ? base.relativize(p).toString() : p.toString();
    }

    private static int firstGlobChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static String objectOf(FileSpec spec, Path p) {
        if (spec.object() != null) {
            return spec.object();
        }
        String name = p.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The charset named by the {@code encoding} option, accepting spellings like {@code utf-16-le}. */
    static Charset charset(String name) {
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
                } catch (UnsupportedCharsetException | java.nio.charset.IllegalCharsetNameException e) {
                    throw new DativoException("source.engine.options.encoding: unknown encoding '" + name + "'");
                }
        }
    }

    /**
     * The file as UTF-8 bytes. A byte order mark decides the encoding when present (and is dropped); otherwise
     * {@code declared} does.
     */
    static InputStream openUtf8(Path file, Charset declared) throws IOException {
        PushbackInputStream in = new PushbackInputStream(Files.newInputStream(file), 3);
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
