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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An example writer: tab-separated text files in the directory {@code target.connection.path}, committed through a
 * manifest of its own. It shows the two-part write protocol: each split writer stages a hidden file and returns it
 * as a fragment; the committer, which may be another instance in another process, renames the staged files into
 * place, skipping those already renamed (so a repeated commit adds nothing), and appends the run to
 * {@code _manifest.tsv}; abort deletes staged files. Readers of the directory see only the visible {@code .tsv}
 * files; names starting with a dot or underscore are hidden.
 */
public class TextManifestWriter implements BaseWriter {

    private static final String STAGED = "staged";

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
        String name = runId + "-" + splitId + "-" + attempt + ".tsv";
        Path staged = dir.resolve("." + name + ".pending");
        BufferedWriter out = Files.newBufferedWriter(staged, StandardCharsets.UTF_8);
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
                return List.of(new WriteFragment(WriteFragment.Kind.DATA, splitId, attempt,
                        dir.resolve(name).toString(), null, records, Files.size(staged), Map.of(), Map.of(),
                        Map.of(STAGED, staged.toString())));
            }

            @Override
            public void abort() throws IOException {
                close();
                Files.deleteIfExists(staged);
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
        return new Committer() {
            @Override
            public CommitSummary commit(List<WriteFragment> fragments, RunCommit commit) throws IOException {
                long records = 0;
                List<String> lines = new ArrayList<>();
                for (WriteFragment f : fragments) {
                    Path staged = Path.of(f.properties().get(STAGED));
                    Path visible = Path.of(f.location());
                    // A fragment whose staged file is gone and whose file is in place was committed before a crash.
                    if (Files.exists(staged)) {
                        Files.move(staged, visible, StandardCopyOption.ATOMIC_MOVE);
                    } else if (!Files.exists(visible)) {
                        throw new IOException("fragment " + f.location() + " is neither staged nor committed");
                    }
                    records += f.records();
                    lines.add(commit.runId() + "\t" + visible.getFileName() + "\t" + f.records());
                }
                Path manifest = dir.resolve("_manifest.tsv");
                boolean recorded = Files.exists(manifest) && Files.readAllLines(manifest).containsAll(lines);
                if (!recorded) {
                    Files.write(manifest, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
                return new CommitSummary(fragments.size(), records, Map.of("manifest", manifest.toString()));
            }

            @Override
            public void abort(List<WriteFragment> fragments) throws IOException {
                for (WriteFragment f : fragments) {
                    Files.deleteIfExists(Path.of(f.properties().get(STAGED)));
                }
            }
        };
    }
    // end::committer[]
}
