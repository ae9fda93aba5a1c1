package io.dativo.core.format;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * Where parquet-java's page store keeps a row group's compressed pages until the group is written: off the Java
 * heap, in chunks of native memory taken from an Arrow allocator of the file's own and given back when the file is
 * closed.
 *
 * <p>A row group holds up to its size in compressed pages (32 MB for the file target), each page a buffer of its
 * own, many of them half a megabyte or more: on the heap those are objects the collector allocates outside the
 * young generation and has to find garbage around, which in a small heap made a large share of a long run's CPU.
 * Here each page is a slice of a chunk, handed out in order; when the page store releases every page of the row
 * group (it does so once the group is written) the chunks are reused for the next group, so a file's native memory
 * is its largest row group, rounded up to a chunk.
 */
final class PageMemory implements ByteBufferAllocator, AutoCloseable {

    /** The size of a chunk; a page larger than this gets a buffer of its own. */
    static final int CHUNK_BYTES = 4 << 20;

    private final BufferAllocator allocator = new RootAllocator();
    private final List<ArrowBuf> chunks = new ArrayList<>();
    /** Buffers of pages larger than a chunk, freed when the row group is released. */
    private final List<ArrowBuf> large = new ArrayList<>();
    /** The chunk pages are cut from now, and the offset in it of the next page. */
    private int chunk = -1;
    private long offset = CHUNK_BYTES;
    private int outstanding;

    @Override
    public ByteBuffer allocate(int size) {
        outstanding++;
        if (size > CHUNK_BYTES) {
            ArrowBuf own = allocator.buffer(size);
            large.add(own);
            return own.nioBuffer(0, size);
        }
        if (offset + size > CHUNK_BYTES) {
            chunk++;
            if (chunk == chunks.size()) {
                chunks.add(allocator.buffer(CHUNK_BYTES));
            }
            offset = 0;
        }
        ByteBuffer page = chunks.get(chunk).nioBuffer(offset, size);
        offset += size;
        return page;
    }

    /** Takes a page back; once every page handed out is back, the chunks are reused from the first. */
    @Override
    public void release(ByteBuffer page) {
        if (--outstanding == 0) {
            large.forEach(ArrowBuf::close);
            large.clear();
            chunk = -1;
            offset = CHUNK_BYTES;
        }
    }

    @Override
    public boolean isDirect() {
        return true;
    }

    /** Native memory held now: the chunks, kept for the next row group, and pages larger than a chunk. */
    long allocatedBytes() {
        return allocator.getAllocatedMemory();
    }

    /** Frees every chunk; pages not yet released must not be read after this. */
    @Override
    public void close() {
        large.forEach(ArrowBuf::close);
        large.clear();
        chunks.forEach(ArrowBuf::close);
        chunks.clear();
        outstanding = 0;
        allocator.close();
    }
}
