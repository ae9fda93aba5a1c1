package io.dativo.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.core.storage.LocalFileIO;
import io.dativo.testkit.DuckDb;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native memory of a row group's pages: pages are separate slices that keep their bytes, a row group's chunks
 * are reused by the next once every page is back, a page larger than a chunk is freed with its row group, and
 * closing frees everything (the file's allocator refuses to close while memory is still held). A writer keeps its
 * row groups' pages there, reuses them from group to group and frees them when it closes.
 */
class PageMemoryTest {

    private static final int CHUNK = PageMemory.CHUNK_BYTES;
    private static final AssetDefinition ASSET = AssetDefinition.of("notes", List.of(
            FieldSpec.of("id", DataType.LONG, true), FieldSpec.of("note", DataType.STRING, true)));

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    @Test
    void aWritersRowGroupPagesWaitInNativeMemoryReusedFromGroupToGroupAndFreedOnClose() throws Exception {
        long rowGroupBytes = 8L << 20;
        Path file = dir.resolve("notes.parquet");
        LocalFileIO io = new LocalFileIO();
        ParquetBatchWriter writer = new ParquetBatchWriter(io.newOutputFile(file.toString()), ASSET, Map.of(),
                "snappy", rowGroupBytes, Map.of());
        Random random = new Random(7);
        int batches = 20;
        int rows = 10_000;
        long most = 0;
        byte[] text = new byte[200];
        for (int b = 0; b < batches; b++) {
            // a new root for each batch, as a pipeline hands them over: the writer keeps what it read of a root
            try (VectorSchemaRoot root = VectorSchemaRoot.create(ASSET.arrowSchema(), allocator)) {
                BigIntVector id = (BigIntVector) root.getVector("id");
                VarCharVector note = (VarCharVector) root.getVector("note");
                for (int r = 0; r < rows; r++) {
                    id.setSafe(r, (long) b * rows + r);
                    for (int i = 0; i < text.length; i += 8) {
                        long bits = random.nextLong();
                        for (int k = 0; k < 8; k++, bits >>>= 5) {
                            text[i + k] = (byte) ('a' + (bits & 31) % 26);
                        }
                    }
                    note.setSafe(r, text);
                }
                root.setRowCount(rows);
                writer.write(root, null, rows);
            }
            most = Math.max(most, writer.pageMemoryBytes());
        }
        writer.close();
        assertThat(most).as("a row group's compressed pages, held in native memory")
                .isGreaterThanOrEqualTo(rowGroupBytes / 2)
                .as("and no more than one group's, whatever the file holds (%d MB of text)", batches * rows * 200 >> 20)
                .isLessThanOrEqualTo(rowGroupBytes + 2L * CHUNK);
        assertThat(writer.pageMemoryBytes()).isZero();
        io.publish(writer.written().pending());
        assertThat(ParquetBatchReader.rowGroups(io.newInputFile(file.toString())).size())
                .as("row groups").isGreaterThanOrEqualTo(3);
        assertThat(DuckDb.query("SELECT count(*), sum(id)::BIGINT, min(length(note))::BIGINT FROM " + DuckDb.parquet(file)).get(0))
                .containsExactly((long) batches * rows, (long) batches * rows * (batches * rows - 1) / 2, 200L);
    }

    @Test
    void pagesAreSlicesOfChunksThatKeepTheirBytesAndAreReusedByTheNextRowGroup() {
        try (PageMemory memory = new PageMemory()) {
            int[] sizes = {700_000, 1 << 20, 17, CHUNK - 100, 300_000, 2_500_000};
            List<ByteBuffer> pages = fill(memory, sizes, 1);
            for (int i = 0; i < pages.size(); i++) {
                assertThat(pages.get(i).isDirect()).isTrue();
                assertThat(pages.get(i).remaining()).isEqualTo(sizes[i]);
                assertPage(pages.get(i), sizes[i], i + 1);
            }
            long held = memory.allocatedBytes();
            assertThat(held).as("every page fits a chunk; one chunk per page that did not fit the last")
                    .isEqualTo(3L * CHUNK);
            pages.forEach(memory::release);
            assertThat(memory.allocatedBytes()).as("chunks kept for the next row group").isEqualTo(held);

            List<ByteBuffer> next = fill(memory, sizes, 2);
            assertThat(memory.allocatedBytes()).as("the same pages again take no more memory").isEqualTo(held);
            for (int i = 0; i < next.size(); i++) {
                assertPage(next.get(i), sizes[i], i + 2);
            }
            next.forEach(memory::release);
        }
    }

    @Test
    void aPageLargerThanAChunkHasItsOwnBufferFreedWithItsRowGroup() {
        PageMemory memory = new PageMemory();
        List<ByteBuffer> pages = fill(memory, new int[] {1_000, CHUNK + 5, 2_000}, 3);
        assertPage(pages.get(1), CHUNK + 5, 4);
        // Arrow rounds a buffer up to a power of two
        assertThat(memory.allocatedBytes()).isGreaterThanOrEqualTo(CHUNK + (long) CHUNK + 5);
        pages.forEach(memory::release);
        assertThat(memory.allocatedBytes()).isEqualTo(CHUNK);
        memory.close();
        assertThat(memory.allocatedBytes()).isZero();
    }

    @Test
    void closingWithPagesOutstandingFreesThem() {
        PageMemory memory = new PageMemory();
        fill(memory, new int[] {CHUNK, CHUNK + 1, 10}, 5);
        memory.close();
        assertThat(memory.allocatedBytes()).isZero();
    }

    /** Allocates pages of {@code sizes}, each filled with a pattern that starts at {@code seed} plus its index. */
    private static List<ByteBuffer> fill(PageMemory memory, int[] sizes, int seed) {
        List<ByteBuffer> pages = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            ByteBuffer page = memory.allocate(sizes[i]);
            for (int b = 0; b < sizes[i]; b++) {
                page.put((byte) (seed + i + b));
            }
            page.flip();
            pages.add(page);
        }
        return pages;
    }

    private static void assertPage(ByteBuffer page, int size, int start) {
        for (int b = 0; b < size; b++) {
            if (page.get(b) != (byte) (start + b)) {
                throw new AssertionError("byte " + b + " of a page of " + size + " was overwritten");
            }
        }
    }
}
