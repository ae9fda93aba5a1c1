package io.dativo.plugins.s3;

import io.dativo.api.io.FileEntry;
import io.dativo.api.io.FileIO;
import io.dativo.api.io.FileIOFactory;
import io.dativo.api.io.InputFile;
import io.dativo.api.io.OutputFile;
import io.dativo.api.io.PendingFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A storage of {@code listing://} locations that only lists: {@code listing://N/...} holds N objects
 * {@code part-00000.csv} ... of 100 bytes, the i-th last modified at {@link #T0} plus i seconds. It stands in for a
 * prefix of a large bucket where only the listing matters (planning and state), which a test server could not hold
 * in the time of a unit test.
 */
public final class ListingFileIO implements FileIO {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Registers the scheme. */
    public static final class Factory implements FileIOFactory {
        @Override
        public Set<String> schemes() {
            return Set.of("listing");
        }

        @Override
        public FileIO create(Map<String, Object> properties) {
            return new ListingFileIO();
        }
    }

    /** The location of the {@code i}-th object of {@code n}. */
    static String location(int n, int i) {
        return String.format("listing://%d/in/part-%05d.csv", n, i);
    }

    @Override
    public List<FileEntry> list(String prefix) {
        int n = Integer.parseInt(prefix.substring("listing://".length()).split("/")[0]);
        List<FileEntry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new FileEntry(location(n, i), 100, T0.plusSeconds(i)));
        }
        return out;
    }

    @Override
    public InputFile newInputFile(String location) {
        throw new UnsupportedOperationException("listing only: " + location);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        throw new UnsupportedOperationException("listing only: " + location);
    }

    @Override
    public void publish(PendingFile file) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void abort(PendingFile file) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<PendingFile> listPending(String prefix) {
        return List.of();
    }

    @Override
    public void delete(String location) {
        throw new UnsupportedOperationException();
    }
}
