package io.dativo.core.storage;

import io.dativo.api.DativoException;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.io.FileEntry;
import io.dativo.api.io.FileIO;
import io.dativo.api.io.InputFile;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a source's files through its {@link FileIOs}: a plain path names one file, which must exist; a glob lists
 * the directory before its first wildcard and keeps the files whose path below it matches (see {@link Glob}).
 * Files and folders below that directory whose names start with {@code .} or {@code _} are hidden (staged
 * output, {@code _SUCCESS} markers, {@code _temporary} folders) and never match.
 */
public final class SourceFiles {

    private static final Logger LOG = LoggerFactory.getLogger(SourceFiles.class);

    /**
     * A file to read.
     *
     * @param location     where it is, as its {@link FileIO} names it
     * @param label        how errors name it: the path as the job wrote it, or below the job's base directory
     * @param object       the object its records belong to
     * @param size         its size in bytes when it was found
     * @param lastModified when it was last modified, when it was found
     */
    public record Entry(String location, String label, String object, long size, Instant lastModified) {
    }

    private SourceFiles() {
    }

    /**
     * The files {@code source} names, each glob expanded into the files it matches, in the order of
     * {@code source.files} and, within a glob, sorted by location. A named file that does not exist is an error; a
     * glob that matches nothing is logged and adds nothing.
     */
    public static List<Entry> expand(SourceConfig source, FileIOs storage) {
        if (source.files().isEmpty()) {
            throw new DativoException("source.files: the " + source.type() + " source needs at least one file");
        }
        String base = FileIOs.locate(source.baseDir(), "");
        List<Entry> out = new ArrayList<>();
        for (FileSpec spec : source.files()) {
            String pattern = spec.path();
            String location = FileIOs.locate(source.baseDir(), pattern);
            FileIO io = storage.forLocation(location);
            if (!Glob.hasWildcard(location)) {
                out.add(named(io, spec, location));
                continue;
            }
            int slash = location.lastIndexOf('/', Glob.firstWildcard(location));
            String dir = slash < 0 ? "" : slash == 0 ? "/" : location.substring(0, slash);
            Glob glob = Glob.of(location.substring(slash + 1));
            List<FileEntry> found = new ArrayList<>();
            try {
                for (FileEntry f : io.list(dir)) {
                    String below = PathNames.below(dir, f.location());
                    if (below != null && !hidden(below) && glob.matches(below)) {
                        found.add(f);
                    }
                }
            } catch (IOException e) {
                throw new DativoException("cannot list " + dir + ": " + e.getMessage(), e);
            }
            if (found.isEmpty()) {
                LOG.warn("no file matches {} (under {})", pattern, dir);
            }
            found.sort(Comparator.comparing(FileEntry::location));
            for (FileEntry f : found) {
                out.add(new Entry(f.location(), label(base, f.location()), objectOf(spec, f.location()), f.size(),
                        f.lastModified()));
            }
        }
        return out;
    }

    private static Entry named(FileIO io, FileSpec spec, String location) {
        InputFile file = io.newInputFile(location);
        try {
            if (!file.exists()) {
                throw new DativoException("source file not found: " + spec.path() + " (resolved to " + location + ")");
            }
            return new Entry(location, spec.path(), objectOf(spec, location), file.length(), file.lastModified());
        } catch (IOException e) {
            throw new DativoException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    /** True if a segment of the relative path {@code below} starts with {@code .} or {@code _}. */
    static boolean hidden(String below) {
        for (String segment : below.split("/")) {
            if (segment.startsWith(".") || segment.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    private static String label(String base, String location) {
        String below = base.isEmpty() ? null : PathNames.below(base, location);
        return below != null ? below : location;
    }

    private static String objectOf(FileSpec spec, String location) {
        if (spec.object() != null) {
            return spec.object();
        }
        String name = location.substring(location.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
