package io.dativo.core.connector.file;

import io.dativo.api.io.FileEntry;
import io.dativo.api.io.FileIO;
import io.dativo.core.storage.PathNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a file target's staging folder holds, from one listing of it: the runs' folders with their leases and pending
 * manifests, and the jobs' committed manifests. A commit or a recovery lists the folder once and notes here what it
 * writes and deletes itself, rather than listing the same prefix again (on an object store every listing is a
 * request, and a commit waits for each).
 */
final class StagingListing {

    private static final String MANIFEST_NAME = "\\d{13}-[^/\\\\]+\\.json";

    private final String staging;
    private final String manifests;
    private final Set<String> files = new LinkedHashSet<>();

    private StagingListing(String staging, String manifests) {
        this.staging = staging;
        this.manifests = manifests;
    }

    /** Lists the staging folder of {@code target}. */
    static StagingListing of(FileTarget target) throws IOException {
        FileIO io = target.io();
        StagingListing listing = new StagingListing(target.staging(), io.resolve(target.staging(), "manifests"));
        for (FileEntry e : io.list(target.staging())) {
            listing.files.add(e.location());
        }
        return listing;
    }

    boolean contains(String location) {
        return files.contains(location);
    }

    /** Notes a file this process wrote since the listing. */
    void added(String location) {
        files.add(location);
    }

    /** Notes a file this process deleted since the listing. */
    void removed(String location) {
        files.remove(location);
    }

    /** The runs' folders (escaped run ids) that hold a file, in listing order. */
    Set<String> runFolders() {
        Set<String> out = new LinkedHashSet<>();
        for (String f : files) {
            String rest = PathNames.below(staging, f);
            if (rest != null && PathNames.below(manifests, f) == null) {
                out.add(rest.split("[/\\\\]")[0]);
            }
        }
        return out;
    }

    /** The files anywhere under {@code folder}. */
    List<String> filesUnder(String folder) {
        return files.stream().filter(f -> PathNames.below(folder, f) != null).toList();
    }

    /** The names of the committed manifests directly in {@code jobDir}, oldest first. */
    List<String> manifestNames(String jobDir) {
        List<String> out = new ArrayList<>();
        for (String f : files) {
            String name = PathNames.below(jobDir, f);
            if (name != null && name.matches(MANIFEST_NAME)) {
                out.add(name);
            }
        }
        out.sort(null);
        return out;
    }
}
