package io.dativo.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The native memory of a row group's pages: pages are separate slices that keep their bytes, a row group's chunks
 * are reused by the next once every page is back, a page larger than a chunk is freed with its row group, and
 * closing frees everything (the file's allocator refuses to close while memory is still held).
 */
class PageMemoryTest {

    private static final int CHUNK = PageMemory.CHUNK_BYTES;

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
