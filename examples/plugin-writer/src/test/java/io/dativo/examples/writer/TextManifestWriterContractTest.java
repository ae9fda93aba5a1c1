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

    /** Lines of the visible files: what a reader listing the directory would read. */
    @Override
    protected long visibleRecords() throws IOException {
        long lines = 0;
        for (Path f : files()) {
            String name = f.getFileName().toString();
            if (name.endsWith(".tsv") && !name.startsWith(".") && !name.startsWith("_")) {
                lines += Files.readAllLines(f).size();
            }
        }
        return lines;
    }

    @Override
    protected List<String> stagedLeftovers() throws IOException {
        return files().stream().map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pending")).toList();
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
