package io.dativo.examples.writer;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseWriter;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.TargetConfig;
import io.dativo.testkit.WriterContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** The example writer passes the writer contract of dativo-testkit. */
// tag::writer-test[]
class TextManifestWriterContractTest extends WriterContractTest {

    @TempDir
    Path dir;

    @Override
    protected BaseWriter newWriter() {
        return new TextManifestWriter();
    }

    @Override
    protected AssetDefinition asset() {
        return AssetDefinition.of("squares", List.of(FieldSpec.of("n", DataType.LONG, true),
                FieldSpec.of("label", DataType.STRING, false)));
    }

    @Override
    protected TargetConfig target() {
        return TargetConfig.builder("tsv-manifest").connection(Map.of("path", "out")).baseDir(dir.toString())
                .build();
    }

    @Override
    protected List<Map<String, Object>> records() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long n = 1; n <= 20; n++) {
            rows.add(Map.of("n", n, "label", n % 2 == 0 ? "even" : "odd"));
        }
        return rows;
    }

    /** Lines of the data files the manifest log lists: what a reader of the table reads. */
    @Override
    protected long visibleRecords() throws IOException {
        long lines = 0;
        for (Path f : new TableManifest(dir.resolve("out")).committedFiles()) {
            lines += Files.readAllLines(f).size();
        }
        return lines;
    }

    /** Data files no version lists. */
    @Override
    protected List<String> stagedLeftovers() throws IOException {
        Set<Path> committed = Set.copyOf(new TableManifest(dir.resolve("out")).committedFiles());
        return files().stream().filter(f -> f.getFileName().toString().startsWith("part-"))
                .filter(f -> !committed.contains(f)).map(Path::toString).toList();
    }

    @Override
    protected Optional<TargetConfig> wrongTarget() throws IOException {
        Files.writeString(dir.resolve("a-file"), "not a directory");
        return Optional.of(TargetConfig.builder("tsv-manifest").connection(Map.of("path", "a-file/out"))
                .baseDir(dir.toString()).build());
    }

    private List<Path> files() throws IOException {
        Path out = dir.resolve("out");
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(out)) {
            return list.toList();
        }
    }
}
// end::writer-test[]
