package io.dativo.core.storage;

import io.dativo.api.io.FileEntry;
import io.dativo.api.io.FileIO;
import io.dativo.api.io.InputFile;
import io.dativo.api.io.OutputFile;
import io.dativo.api.io.PendingFile;
import io.dativo.api.io.PositionOutputStream;
import io.dativo.api.io.SeekableInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local file system as a {@link FileIO}. Locations are paths or {@code file:} URIs. An output file is staged
 * beside its location as a hidden {@code .NAME.dativo-pending} file (hidden, so that Spark, Trino, DuckDB and our own
 * globs skip it) and published by an atomic rename, which needs no more than the pending file's own data.
 */
public final class LocalFileIO implements FileIO {

    /** The suffix of staged files. */
    public static final String PENDING_SUFFIX = ".dativo-pending";
    private static final String STAGED = "staged";

    /** The path of {@code location}, a path or a {@code file:} URI. */
    public static Path path(String location) {
        if (location.startsWith("file:")) {
            return Path.of(URI.create(location));
        }
        return Path.of(location);
    }

    /**
     * {@code path} resolved against the directory {@code baseDir} and normalized ({@code a/../b} is {@code b}); an
     * absolute {@code path} stays itself, an empty {@code baseDir} is the working directory.
     */
    public static String join(String baseDir, String path) {
        return Path.of(baseDir).resolve(path).normalize().toString();
    }

    /** {@code path} resolved against {@code baseDir} (the working directory when empty), absolute and normalized. */
    public static String absolute(String baseDir, String path) {
        Path base = baseDir == null || baseDir.isEmpty() ? Path.of("") : Path.of(baseDir);
        return base.resolve(path).toAbsolutePath().normalize().toString();
    }

    /** Whether {@code location} is {@code parent} or lies under it, compared by path segments. */
    public static boolean within(String parent, String location) {
        return path(location).toAbsolutePath().normalize().startsWith(path(parent).toAbsolutePath().normalize());
    }

    /** Whether files can be created at or under {@code location}: its nearest existing ancestor is writable. */
    public static boolean writableUnder(String location) {
        Path existing = path(location).toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.isDirectory(existing) && Files.isWritable(existing);
    }

    /** The staged form of the file at {@code target}. */
    static Path stagedPath(Path target) {
        return target.resolveSibling("." + target.getFileName() + PENDING_SUFFIX);
    }

    @Override
    public InputFile newInputFile(String location) {
        Path p = path(location);
        return new InputFile() {
            @Override
            public String location() {
                return location;
            }

            @Override
            public long length() throws IOException {
                return Files.size(p);
            }

            @Override
            public Instant lastModified() throws IOException {
                return Files.getLastModifiedTime(p).toInstant();
            }

            @Override
            public boolean exists() {
                return Files.isRegularFile(p);
            }

            @Override
            public SeekableInputStream newStream() throws IOException {
                return new ChannelInputStream(FileChannel.open(p, StandardOpenOption.READ));
            }
        };
    }

    @Override
    public OutputFile newOutputFile(String location) {
        Path target = path(location).toAbsolutePath().normalize();
        return new OutputFile() {
            @Override
            public String location() {
                return location;
            }

            @Override
            public PositionOutputStream create() throws IOException {
                Path staged = stagedPath(target);
                for (int attempt = 1; ; attempt++) {
                    Files.createDirectories(target.getParent());
                    try {
                        OutputStream out = Files.newOutputStream(staged, StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                        return new StagedStream(location, staged, out);
                    } catch (NoSuchFileException e) {
                        // another thread pruned the directory, empty, between its creation and the file's
                        if (attempt == 3) {
                            throw e;
                        }
                    }
                }
            }
        };
    }

    @Override
    public void publish(PendingFile file) throws IOException {
        Path staged = Path.of(file.properties().get(STAGED));
        Path target = path(file.location());
        if (!Files.exists(staged)) {
            if (Files.exists(target)) {
                return;
            }
            throw new NoSuchFileException(staged.toString(), null, "staged file of " + file.location() + " is gone");
        }
        move(staged, target);
    }

    @Override
    public void abort(PendingFile file) throws IOException {
        String staged = file.properties().get(STAGED);
        if (staged != null && Files.deleteIfExists(Path.of(staged))) {
            pruneEmptyParents(Path.of(staged));
        }
    }

    @Override
    public List<PendingFile> listPending(String prefix) throws IOException {
        List<PendingFile> out = new ArrayList<>();
        walk(path(prefix), (p, attrs) -> {
            String name = p.getFileName().toString();
            if (name.startsWith(".") && name.endsWith(PENDING_SUFFIX)) {
                String target = name.substring(1, name.length() - PENDING_SUFFIX.length());
                out.add(new PendingFile(p.resolveSibling(target).toString(), attrs.size(),
                        Map.of(STAGED, p.toString())));
            }
        });
        return out;
    }

    @Override
    public List<FileEntry> list(String prefix) throws IOException {
        List<FileEntry> out = new ArrayList<>();
        walk(path(prefix), (p, attrs) -> {
            if (!p.getFileName().toString().endsWith(PENDING_SUFFIX)) {
                out.add(new FileEntry(p.toString(), attrs.size(), attrs.lastModifiedTime().toInstant()));
            }
        });
        return out;
    }

    @Override
    public void delete(String location) throws IOException {
        Path p = path(location).toAbsolutePath().normalize();
        if (Files.deleteIfExists(p)) {
            pruneEmptyParents(p);
        }
    }

    /**
     * Removes the directories above a deleted file that it left empty, up to and including the nearest hidden one
     * (a name starting with '.'), such as a run's folder in {@code .dativo-staging}: on an object store such folders
     * vanish with their last file, and here they should too. Directories with no hidden ancestor are left alone:
     * they may be a user's.
     */
    private static void pruneEmptyParents(Path file) {
        Path hidden = file.getParent();
        while (hidden != null && (hidden.getFileName() == null || !hidden.getFileName().toString().startsWith("."))) {
            hidden = hidden.getParent();
        }
        if (hidden == null) {
            return;
        }
        for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (IOException notEmptyOrGone) {
                return;
            }
            if (dir.equals(hidden)) {
                return;
            }
        }
    }

    @Override
    public String resolve(String parent, String child) {
        return path(parent).resolve(child).toString();
    }

    /** Moves {@code from} to {@code to} atomically where the file system can, replacing {@code to}. */
    public static void move(Path from, Path to) throws IOException {
        Files.createDirectories(to.toAbsolutePath().getParent());
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private interface Visitor {
        void file(Path p, BasicFileAttributes attrs) throws IOException;
    }

    private static void walk(Path root, Visitor visitor) throws IOException {
        if (Files.isRegularFile(root)) {
            visitor.file(root, Files.readAttributes(root, BasicFileAttributes.class));
            return;
        }
        if (!Files.isDirectory(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    visitor.file(file, attrs);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    /** A file channel as a seekable stream. */
    private static final class ChannelInputStream extends SeekableInputStream {
        private final FileChannel channel;
        private final java.io.InputStream in;

        ChannelInputStream(FileChannel channel) {
            this.channel = channel;
            this.in = Channels.newInputStream(channel);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public void seek(long newPosition) throws IOException {
            channel.position(newPosition);
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return channel.read(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public long skip(long n) throws IOException {
            long size = channel.size();
            long pos = channel.position();
            long to = Math.min(size, pos + Math.max(0, n));
            channel.position(to);
            return to - pos;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, channel.size() - channel.position()));
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Counts bytes into the staged file; names it once closed. */
    private static final class StagedStream extends PositionOutputStream {
        private final String location;
        private final Path staged;
        private final OutputStream out;
        private long position;
        private PendingFile pending;

        StagedStream(String location, Path staged, OutputStream out) {
            this.location = location;
            this.staged = staged;
            this.out = out;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            position += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (pending == null) {
                try {
                    out.close();
                } catch (IOException | RuntimeException e) {
                    try {
                        Files.deleteIfExists(staged);
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                }
                pending = new PendingFile(location, position, Map.of(STAGED, staged.toString()));
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
}
