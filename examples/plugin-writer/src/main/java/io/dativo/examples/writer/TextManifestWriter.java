package io.dativo.examples.writer;

import io.dativo.api.BaseWriter;
import io.dativo.api.CommitSummary;
import io.dativo.api.Committer;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.RunCommit;
import io.dativo.api.SplitWriter;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriteContext;
import io.dativo.api.WriteFragment;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An example writer of a table of its own in the directory {@code target.connection.path}: tab-separated data files
 * and a manifest log, {@code _manifest/00000001.tsv}, {@code 00000002.tsv}, ..., one version per commit. A reader
 * of the table reads the files the versions list ({@link TableManifest#committedFiles()}), so a data file is invisible
 * until a version names it, as in table formats such as Delta Lake. It shows the two-part write protocol: each split
 * writer writes one data file under a name of its own and returns it as a fragment; the committer, which may be
 * another instance in another process, commits all fragments in one atomic step (a new version, created only if no
 * other committer took its number), recording the run and the state it covers, so that a repeated commit adds
 * nothing and {@code lastCommit} can answer; abort deletes the files of fragments no version names.
 */
public class TextManifestWriter implements BaseWriter {

    private Path dir;
    private String runId;

    @Override
    public Set<String> connectorTypes() {
        return Set.of("tsv-manifest");
    }

    private static Path directory(TargetConfig target) {
        Object path = target.connection().get("path");
        if (path == null) {
            throw new IllegalArgumentException("target.connection.path is not set");
        }
        return Path.of(target.baseDir()).resolve(path.toString());
    }

    @Override
    public ConnectionCheck checkConnection(TargetConfig target) {
        try {
            Path d = Files.createDirectories(directory(target));
            Files.delete(Files.createTempFile(d, ".check", ""));
            return ConnectionCheck.ok("can write under " + d);
        } catch (IOException | RuntimeException e) {
            return ConnectionCheck.failed("NOT_WRITABLE", "cannot write under " + target.connection().get("path")
                    + ": " + e.getMessage());
        }
    }

    @Override
    public void open(WriteContext context) throws IOException {
        dir = Files.createDirectories(directory(context.target()));
        runId = context.runId();
    }

    /** Split writers and committers work from fragments alone, so splits may run anywhere. */
    @Override
    public boolean stagesIndependently() {
        return true;
    }

    // tag::split-writer[]
    @Override
    public SplitWriter newSplitWriter(String splitId, int attempt) throws IOException {
        // A name of its own per run, split and attempt: no other writer ever writes this file.
        Path file = dir.resolve("part-" + runId + "-" + splitId + "-" + attempt + ".tsv");
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        return new SplitWriter() {
            private long records;
            private boolean closed;

            @Override
            public void write(VectorSchemaRoot batch) throws IOException {
                for (int row = 0; row < batch.getRowCount(); row++) {
                    List<String> values = new ArrayList<>();
                    for (FieldVector v : batch.getFieldVectors()) {
                        Object value = v.getObject(row);
                        values.add(value == null ? "" : value.toString());
                    }
                    out.write(String.join("\t", values));
                    out.newLine();
                }
                records += batch.getRowCount();
            }

            @Override
            public List<WriteFragment> finish() throws IOException {
                close();
                return List.of(new WriteFragment(WriteFragment.Kind.DATA, splitId, attempt, file.toString(), null,
                        records, Files.size(file), Map.of(), Map.of(), Map.of()));
            }

            @Override
            public void abort() throws IOException {
                close();
                Files.deleteIfExists(file);
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    out.close();
                }
            }
        };
    }
    // end::split-writer[]

    // tag::committer[]
    @Override
    public Committer committer() {
        TableManifest table = new TableManifest(dir);
        return new Committer() {
            @Override
            public CommitSummary commit(List<WriteFragment> fragments, RunCommit commit) throws IOException {
                long records = fragments.stream().mapToLong(WriteFragment::records).sum();
                // A run already in the log was committed before a crash: committing it again adds nothing.
                if (table.versionOf(commit.runId()).isPresent()) {
                    return new CommitSummary(fragments.size(), records, Map.of("repeated", "true"));
                }
                for (WriteFragment f : fragments) {
                    if (!Files.exists(Path.of(f.location()))) {
                        throw new IOException("the data file " + f.location() + " of split " + f.splitId()
                                + " is gone");
                    }
                }
                while (true) {
                    long version = table.latestVersion() + 1;
                    try {
                        table.write(version, commit, fragments);
                        return new CommitSummary(fragments.size(), records, Map.of("version", Long.toString(version)));
                    } catch (FileAlreadyExistsException raced) {
                        // Another run committed this version first: its files stay, ours go in the next one.
                        if (table.versionOf(commit.runId()).isPresent()) {
                            return new CommitSummary(fragments.size(), records, Map.of("repeated", "true"));
                        }
                    }
                }
            }

            @Override
            public void abort(List<WriteFragment> fragments) throws IOException {
                Set<String> committed = table.committedNames();
                for (WriteFragment f : fragments) {
                    Path file = Path.of(f.location());
                    if (!committed.contains(file.getFileName().toString())) {
                        Files.deleteIfExists(file);
                    }
                }
            }

            @Override
            public Optional<RunCommit> lastCommit(String tenantId, String job) throws IOException {
                return table.lastCommit(tenantId, job);
            }
        };
    }
    // end::committer[]
}
