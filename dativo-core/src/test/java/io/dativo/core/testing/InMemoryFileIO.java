package io.dativo.core.testing;

import io.dativo.api.io.FileEntry;
import io.dativo.api.io.FileIO;
import io.dativo.api.io.FileIOFactory;
import io.dativo.api.io.InputFile;
import io.dativo.api.io.OutputFile;
import io.dativo.api.io.PendingFile;
import io.dativo.api.io.PositionOutputStream;
import io.dativo.api.io.SeekableInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link FileIO} in memory, with the semantics of the local one: written bytes are staged under a key of their
 * own and become visible at their location only when published; publishing twice succeeds; {@link #list} shows
 * visible files only. Locations are plain strings; the {@code mem} scheme ({@code mem://bucket/key}) reaches
 * {@link #shared()} through {@link Factory}, registered as a service for the tests.
 */
public final class InMemoryFileIO implements FileIO {

    private static final String STAGED = "staged";
    private static final InMemoryFileIO SHARED = new InMemoryFileIO();

    /** A stored file: its bytes and modification time. */
    private record Blob(byte[] bytes, Instant modified) {
    }

    private final Map<String, Blob> visible = new ConcurrentHashMap<>();
    private final Map<String, PendingFile> staged = new ConcurrentHashMap<>();
    private final Map<String, byte[]> stagedBytes = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    /** The store the {@code mem} scheme reaches; tests use a bucket of their own, such as {@link #newBucket()}. */
    public static InMemoryFileIO shared() {
        return SHARED;
    }

    /** A fresh {@code mem://} prefix, so that tests sharing {@link #shared()} do not see each other's files. */
    public static String newBucket() {
        return "mem://t" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Makes {@code bytes} visible at {@code location}, modified now. */
    public void put(String location, byte[] bytes) {
        put(location, bytes, clock.instant());
    }

    /** Makes {@code text} visible at {@code location} as UTF-8, modified now. */
    public void put(String location, String text) {
        put(location, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Makes {@code bytes} visible at {@code location}, modified at {@code modified}. */
    public void put(String location, byte[] bytes, Instant modified) {
        visible.put(location, new Blob(bytes.clone(), modified));
    }

    /** Sets the modification time of the visible file at {@code location}. */
    public void touch(String location, Instant modified) throws FileNotFoundException {
        Blob b = visible.get(location);
        if (b == null) {
            throw new FileNotFoundException(location);
        }
        visible.put(location, new Blob(b.bytes(), modified));
    }

    /** The bytes of the visible file at {@code location}. */
    public byte[] bytes(String location) throws FileNotFoundException {
        return blob(location).bytes().clone();
    }

    private Blob blob(String location) throws FileNotFoundException {
        Blob b = visible.get(location);
        if (b == null) {
            throw new FileNotFoundException(location);
        }
        return b;
    }

    @Override
    public InputFile newInputFile(String location) {
        return new InputFile() {
            @Override
            public String location() {
                return location;
            }

            @Override
            public long length() throws IOException {
                return blob(location).bytes().length;
            }

            @Override
            public Instant lastModified() throws IOException {
                return blob(location).modified();
            }

            @Override
            public boolean exists() {
                return visible.containsKey(location);
            }

            @Override
            public SeekableInputStream newStream() throws IOException {
                return new BytesStream(blob(location).bytes());
            }
        };
    }

    @Override
    public OutputFile newOutputFile(String location) {
        return new OutputFile() {
            @Override
            public String location() {
                return location;
            }

            @Override
            public PositionOutputStream create() {
                return new StagingStream(location);
            }
        };
    }

    @Override
    public void publish(PendingFile file) throws IOException {
        String key = file.properties().get(STAGED);
        byte[] bytes = key == null ? null : stagedBytes.remove(key);
        if (bytes == null) {
            if (visible.containsKey(file.location())) {
                return;
            }
            throw new FileNotFoundException("staged file of " + file.location() + " is gone");
        }
        staged.remove(key);
        put(file.location(), bytes);
    }

    @Override
    public void abort(PendingFile file) {
        String key = file.properties().get(STAGED);
        if (key != null) {
            staged.remove(key);
            stagedBytes.remove(key);
        }
    }

    @Override
    public List<PendingFile> listPending(String prefix) {
        List<PendingFile> out = new ArrayList<>();
        staged.values().forEach(p -> {
            if (under(prefix, p.location())) {
                out.add(p);
            }
        });
        return out;
    }

    @Override
    public List<FileEntry> list(String prefix) {
        List<FileEntry> out = new ArrayList<>();
        visible.forEach((location, blob) -> {
            if (under(prefix, location)) {
                out.add(new FileEntry(location, blob.bytes().length, blob.modified()));
            }
        });
        return out;
    }

    @Override
    public void delete(String location) {
        visible.remove(location);
    }

    /** True if {@code location} is {@code prefix} itself or a file below it. */
    private static boolean under(String prefix, String location) {
        return location.equals(prefix) || location.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
    }

    /** Collects bytes; on close they are staged under a key of their own. */
    private final class StagingStream extends PositionOutputStream {
        private final String location;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private PendingFile pending;

        StagingStream(String location) {
            this.location = location;
        }

        @Override
        public long position() {
            return out.size();
        }

        @Override
        public void write(int b) {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
        }

        @Override
        public void close() {
            if (pending == null) {
                String key = UUID.randomUUID().toString();
                pending = new PendingFile(location, out.size(), Map.of(STAGED, key));
                stagedBytes.put(key, out.toByteArray());
                staged.put(key, pending);
            }
        }

        @Override
        public PendingFile pending() {
            if (pending == null) {
                throw new IllegalStateException("the stream of " + location + " is not closed yet");
            }
            return pending;
        }
    }

    /** A seekable stream over a byte array. */
    private static final class BytesStream extends SeekableInputStream {
        private final byte[] bytes;
        private int pos;

        BytesStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long position() {
            return pos;
        }

        @Override
        public void seek(long newPosition) throws IOException {
            if (newPosition < 0 || newPosition > bytes.length) {
                throw new IOException("cannot seek to " + newPosition + " in " + bytes.length + " bytes");
            }
            pos = (int) newPosition;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= bytes.length) {
                return len == 0 ? 0 : -1;
            }
            int n = Math.min(len, bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return bytes.length - pos;
        }
    }

    /** Serves the {@code mem} scheme with {@link #shared()}. */
    public static final class Factory implements FileIOFactory {
        @Override
        public Set<String> schemes() {
            return Set.of("mem");
        }

        @Override
        public FileIO create(Map<String, Object> properties) {
            return SHARED;
        }
    }
}
