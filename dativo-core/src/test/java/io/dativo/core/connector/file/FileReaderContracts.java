package io.dativo.core.connector.file;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceConfig;
import io.dativo.testkit.ReaderContractTest;
import io.dativo.testkit.TestReadContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the built-in file readers' contract tests share: the contract (an id and an optional name), two files of
 * five records each read through a glob, a glob matching nothing as the empty source, a missing file as the wrong
 * one, a folder read by modified time that gains a newer file, and a target split size small enough that every
 * file is its own split. A subclass writes the files in its format.
 */
abstract class FileReaderContracts extends ReaderContractTest {

    static final AssetDefinition PEOPLE = AssetDefinition.of("people", List.of(
            FieldSpec.of("id", DataType.LONG, true), FieldSpec.of("name", DataType.STRING, false)));

    @TempDir
    Path dir;

    /** The connector type, which is also the files' extension. */
    abstract String type();

    /** Writes {@code rows} (id, name; name may be null) to {@code file} in the reader's format. */
    abstract void write(Path file, List<Map<String, Object>> rows) throws Exception;

    static List<Map<String, Object>> people(long from, long to) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", i);
            r.put("name", i % 4 == 0 ? null : "person " + i);
            rows.add(r);
        }
        return rows;
    }

    private SourceConfig files(String glob) {
        return Reads.source(type(), dir.toString(), Map.of(), glob);
    }

    private Path file(String name, List<Map<String, Object>> rows) throws Exception {
        Path f = dir.resolve(name);
        if (!Files.exists(f)) {
            Files.createDirectories(f.getParent());
            write(f, rows);
        }
        return f;
    }

    @Override
    protected SourceConfig source() throws Exception {
        file("data/a." + type(), people(1, 5));
        file("data/b." + type(), people(6, 10));
        return files("data/*." + type());
    }

    @Override
    protected List<Map<String, Object>> expectedRecords() {
        return people(1, 10);
    }

    @Override
    protected AssetDefinition asset() {
        return PEOPLE;
    }

    @Override
    protected Optional<SourceConfig> emptySource() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        return Optional.of(files("empty/*." + type()));
    }

    @Override
    protected Optional<SourceConfig> wrongSource() {
        return Optional.of(files("missing/none." + type()));
    }

    @Override
    protected SourceConfig longSource() throws Exception {
        file("long/many." + type(), people(1, 20_000));
        return files("long/many." + type());
    }

    /** Files chosen by modified time: a first file, then a newer one added. */
    @Override
    protected Optional<SourceConfig> incrementalSource() throws Exception {
        Path first = file("inc/first." + type(), people(1, 5));
        Files.setLastModifiedTime(first, FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
        return Optional.of(Reads.source(type(), dir.toString(), Map.of(), FileSplitsTest.BY_MODIFIED_TIME,
                "inc/*." + type()));
    }

    @Override
    protected List<Map<String, Object>> addRecords() throws Exception {
        Path added = file("inc/second." + type(), people(6, 8));
        Files.setLastModifiedTime(added, FileTime.from(Instant.parse("2025-01-02T00:00:00Z")));
        return people(6, 8);
    }

    @Override
    protected TestReadContext.Builder context(BufferAllocator allocator) {
        return super.context(allocator).targetSplitBytes(1);
    }
}
