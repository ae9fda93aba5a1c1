package io.dativo.examples.writer;

import io.dativo.api.RunCommit;
import io.dativo.api.WriteFragment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The manifest log of a {@link TextManifestWriter} table: in {@code _manifest}, one file per version, named by its
 * number ({@code 00000001.tsv}), holding the line {@code run, run id, tenant, job, commit time}, the line
 * {@code state} with the state the run covers (Java serialisation in Base64, so that values keep their types), and a
 * line {@code file, name, records} per data file the version adds.
 */
public final class TableManifest {

    /** The folder of the log, under the table's directory; hidden from readers that list files by its underscore. */
    public static final String LOG = "_manifest";

    private final Path dir;
    private final Path log;

    /** The log of the table in {@code dir}. */
    public TableManifest(Path dir) {
        this.dir = dir;
        this.log = dir.resolve(LOG);
    }

    /** One version as written: its number, the run's line, the state line and the file lines. */
    private record Version(long number, String[] run, String state, List<String[]> files) {
        static Version read(Path file) throws IOException {
            String[] run = null;
            String state = null;
            List<String[]> files = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] cells = line.split("\t");
                switch (cells[0]) {
                    case "run" -> run = cells;
                    case "state" -> state = cells[1];
                    case "file" -> files.add(cells);
                    default -> throw new IOException("unknown line in " + file + ": " + cells[0]);
                }
            }
            String name = file.getFileName().toString();
            return new Version(Long.parseLong(name.substring(0, name.indexOf('.'))), run, state, files);
        }
    }

    /** The versions in order, oldest first. */
    private List<Version> versions() throws IOException {
        if (!Files.isDirectory(log)) {
            return List.of();
        }
        List<Version> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(log)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("\\d{8}\\.tsv")).sorted().toList()) {
                out.add(Version.read(f));
            }
        }
        return out;
    }

    /** The number of the newest version, 0 for a table never committed to. */
    long latestVersion() throws IOException {
        List<Version> all = versions();
        return all.isEmpty() ? 0 : all.get(all.size() - 1).number();
    }

    /** The version that committed {@code runId}, if one did. */
    Optional<Long> versionOf(String runId) throws IOException {
        return versions().stream().filter(v -> v.run()[1].equals(runId)).map(Version::number).findFirst();
    }

    /** The names of the data files every version lists. */
    Set<String> committedNames() throws IOException {
        Set<String> names = new HashSet<>();
        versions().forEach(v -> v.files().forEach(f -> names.add(f[1])));
        return names;
    }

    // tag::atomic-version[]
    /**
     * Writes version {@code number} in one atomic step: the whole file is written under a temporary name, then
     * linked to its number, which fails with {@link java.nio.file.FileAlreadyExistsException} if another committer
     * created that version first.
     */
    void write(long number, RunCommit commit, List<WriteFragment> fragments) throws IOException {
        Files.createDirectories(log);
        List<String> lines = new ArrayList<>();
        lines.add(String.join("\t", "run", commit.runId(), commit.tenantId(), commit.job(),
                commit.committedAt().toString()));
        lines.add("state\t" + encode(commit.states()));
        for (WriteFragment f : WriteFragment.data(fragments)) {
            lines.add("file\t" + Path.of(f.location()).getFileName() + "\t" + f.records());
        }
        Path temporary = Files.createTempFile(log, ".version-", ".tmp");
        try {
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            Files.createLink(log.resolve(String.format("%08d.tsv", number)), temporary);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
    // end::atomic-version[]

    /** The newest commit of {@code job} for {@code tenantId}, with the state it recorded. */
    Optional<RunCommit> lastCommit(String tenantId, String job) throws IOException {
        List<Version> all = versions();
        for (int i = all.size() - 1; i >= 0; i--) {
            String[] run = all.get(i).run();
            if (run[2].equals(tenantId) && run[3].equals(job)) {
                return Optional.of(new RunCommit(tenantId, job, run[1], Instant.parse(run[4]),
                        decode(all.get(i).state())));
            }
        }
        return Optional.empty();
    }

    /** The data files a reader of the table reads: those the versions list, in the order they were committed. */
    public List<Path> committedFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        versions().forEach(v -> v.files().forEach(f -> out.add(dir.resolve(f[1]))));
        return out;
    }

    private static String encode(Map<String, Map<String, Object>> states) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new LinkedHashMap<>(states));
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> decode(String text) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder()
                .decode(text)))) {
            return (Map<String, Map<String, Object>>) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("the state of a version names a class this process does not have", e);
        }
    }
}
