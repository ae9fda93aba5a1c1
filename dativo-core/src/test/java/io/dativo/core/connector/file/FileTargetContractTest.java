package io.dativo.core.connector.file;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseWriter;
import io.dativo.api.TargetConfig;
import io.dativo.core.storage.OutputLayout;
import io.dativo.core.testing.TestSupport;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.TestWriteContext;
import io.dativo.testkit.WriterContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file target passes the writer contract: visible output is what DuckDB reads from the Parquet files a reader of
 * the target would list (hidden staging files and folders skipped), leftovers are staged files still pending.
 */
class FileTargetContractTest extends WriterContractTest {

    @TempDir
    Path dir;

    @Override
    protected BaseWriter newWriter() {
        return new FileTargetWriter();
    }

    @Override
    protected AssetDefinition asset() {
        return FileReaderContracts.PEOPLE;
    }

    @Override
    protected TargetConfig target() {
        return TargetConfig.local(dir.resolve("out").toString(), "parquet", List.of());
    }

    @Override
    protected TestWriteContext.Builder context(BufferAllocator allocator) {
        TargetConfig target = target();
        return TestWriteContext.builder(allocator, asset(), target).outputBase(OutputLayout.outputBase(target,
                asset()));
    }

    @Override
    protected List<Map<String, Object>> records() {
        return FileReaderContracts.people(1, 10);
    }

    @Override
    protected long visibleRecords() throws Exception {
        long count = 0;
        for (String f : TestSupport.filesUnder(dir.resolve("out"))) {
            if (f.endsWith(".parquet") && !hidden(Path.of(f))) {
                count += DuckDb.readParquet(dir.resolve("out").resolve(f), "id").size();
            }
        }
        return count;
    }

    /** Lines of the published rejects files (JSON Lines under the hidden rejects folder), one per rejected record. */
    @Override
    protected OptionalLong visibleRejects() throws Exception {
        long count = 0;
        for (String f : TestSupport.filesUnder(dir.resolve("out"))) {
            Path file = Path.of(f);
            if (file.getFileName().toString().startsWith("rejects-") && f.endsWith(".jsonl")) {
                count += Files.readAllLines(dir.resolve("out").resolve(f)).size();
            }
        }
        return OptionalLong.of(count);
    }

    /** True if a folder or the file on {@code path} is hidden from readers by a leading dot or underscore. */
    private static boolean hidden(Path path) {
        for (Path part : path) {
            if (part.toString().startsWith(".") || part.toString().startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected List<String> stagedLeftovers() throws Exception {
        return TestSupport.filesUnder(dir.resolve("out")).stream().filter(f -> f.endsWith(".dativo-pending"))
                .toList();
    }

    @Override
    protected Optional<TargetConfig> wrongTarget() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        return Optional.of(TargetConfig.local(file.resolve("out").toString(), "parquet", List.of()));
    }
}
