package io.dativo.plugins.iceberg;

import io.dativo.api.io.FileEntry;
import io.dativo.core.storage.FileIOs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Iceberg's {@link org.apache.iceberg.io.FileIO} over core's storage ({@link FileIOs}: the local disk, and S3 when
 * {@code dativo-plugins-s3} is on the class path), so that Iceberg needs no Hadoop. Iceberg expects a file to exist
 * once its stream is closed: each output is staged through core's storage and published on close.
 *
 * <p>Made by the writer with its storage; the no-argument form, for catalogs that load a FileIO by class name,
 * takes its storage settings from the catalog properties.
 */
public final class StorageFileIO implements SupportsPrefixOperations {

    private static final long serialVersionUID = 1L;

    private transient FileIOs storage;
    private Map<String, String> properties = Map.of();

    /** A FileIO configured later by {@link #initialize}. */
    public StorageFileIO() {
    }

    /** A FileIO over {@code storage}, which it closes when closed. */
    StorageFileIO(FileIOs storage) {
        this.storage = storage;
    }

    @Override
    public void initialize(Map<String, String> props) {
        this.properties = Map.copyOf(props);
        if (storage == null) {
            storage = FileIOs.of(new LinkedHashMap<>(props));
        }
    }

    @Override
    public Map<String, String> properties() {
        return properties;
    }

    private io.dativo.api.io.FileIO io(String location) {
        if (storage == null) {
            storage = FileIOs.of(Map.of());
        }
        return storage.forLocation(location);
    }

    private boolean present(String location) {
        try {
            return io(location).newInputFile(location).exists();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + location, e);
        }
    }

    @Override
    public InputFile newInputFile(String location) {
        return new In(location, -1);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
        return new In(location, length);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        return new Out(location);
    }

    @Override
    public void deleteFile(String location) {
        try {
            io(location).delete(location);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + location, e);
        }
    }

    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
        try {
            List<FileInfo> out = new ArrayList<>();
            for (FileEntry e : io(prefix).list(prefix)) {
                out.add(new FileInfo(e.location(), e.size(),
                        e.lastModified() == null ? 0 : e.lastModified().toEpochMilli()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + prefix, e);
        }
    }

    @Override
    public void deletePrefix(String prefix) {
        for (FileInfo f : listPrefix(prefix)) {
            deleteFile(f.location());
        }
    }

    @Override
    public void close() {
        if (storage != null) {
            try {
                storage.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A file to read. */
    private final class In implements InputFile {
        private final String location;
        private long length;

        In(String location, long length) {
            this.location = location;
            this.length = length;
        }

        private io.dativo.api.io.InputFile file() {
            return io(location).newInputFile(location);
        }

        @Override
        public long getLength() {
            if (length < 0) {
                try {
                    length = file().length();
                } catch (IOException e) {
                    throw new NotFoundException(e, "cannot read the length of %s", location);
                }
            }
            return length;
        }

        @Override
        public SeekableInputStream newStream() {
            try {
                io.dativo.api.io.SeekableInputStream s = file().newStream();
                return new SeekableInputStream() {
                    @Override
                    public long getPos() throws IOException {
                        return s.position();
                    }

                    @Override
                    public void seek(long pos) throws IOException {
                        s.seek(pos);
                    }

                    @Override
                    public int read() throws IOException {
                        return s.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        return s.read(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        s.close();
                    }
                };
            } catch (IOException e) {
                throw new NotFoundException(e, "cannot open %s", location);
            }
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public boolean exists() {
            return present(location);
        }
    }

    /** A file to write, visible once its stream is closed. */
    private final class Out implements OutputFile {
        private final String location;

        Out(String location) {
            this.location = location;
        }

        @Override
        public PositionOutputStream create() {
            if (present(location)) {
                throw new AlreadyExistsException("%s already exists", location);
            }
            return createOrOverwrite();
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
            io.dativo.api.io.FileIO io = io(location);
            try {
                io.dativo.api.io.PositionOutputStream s = io.newOutputFile(location).create();
                return new PositionOutputStream() {
                    private boolean closed;

                    @Override
                    public long getPos() throws IOException {
                        return s.position();
                    }

                    @Override
                    public void write(int b) throws IOException {
                        s.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        s.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        s.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        if (closed) {
                            return;
                        }
                        closed = true;
                        s.close();
                        io.publish(s.pending());
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + location, e);
            }
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public InputFile toInputFile() {
            return new In(location, -1);
        }
    }
}
