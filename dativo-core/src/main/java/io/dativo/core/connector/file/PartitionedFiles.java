package io.dativo.core.connector.file;

import io.dativo.api.WriteFragment;
import io.dativo.api.io.PendingFile;
import io.dativo.core.format.FormatWriter;
import io.dativo.core.format.ParquetBatchWriter;
import io.dativo.core.format.TextFormats;
import io.dativo.core.storage.PathNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The files a split writer has open, one per partition, each cut when it reaches the target size.
 *
 * <p>At most {@link #MAX_OPEN_FILES} are open at once: an open Parquet file holds its current row group in memory
 * (up to {@link #ROW_GROUP_BYTES}) and every open file holds a stream, so a column with many values must not open a
 * file for each. When the bound is reached, the file opened longest ago is completed early; its partition gets a new
 * file if more of its rows come.
 */
final class PartitionedFiles {

    static final int MAX_OPEN_FILES = 64;
    /** Parquet row groups are cut at this size, which bounds the heap a Parquet file holds while open. */
    static final long ROW_GROUP_BYTES = 32L << 20;
    private static final int CHUNK_ROWS = 8192;

    /** Names the next file of a partition; called once per file opened. */
    interface Namer {
        String next(String partitionPath);
    }

    private record Open(Map<String, String> partition, String location, FormatWriter writer) {
    }

    private final FileTarget target;
    private final String splitId;
    private final int attempt;
    private final Namer namer;
    private final Map<String, Open> open = new LinkedHashMap<>();

    PartitionedFiles(FileTarget target, String splitId, int attempt, Namer namer) {
        this.target = target;
        this.splitId = splitId;
        this.attempt = attempt;
        this.namer = namer;
    }

    /** Writes {@code count} rows of {@code batch} (those listed in {@code rows}, or the first ones) to a partition. */
    void write(Map<String, String> partition, VectorSchemaRoot batch, int[] rows, int count,
               List<WriteFragment> done) throws IOException {
        String key = PathNames.pathOf(partition);
        int offset = 0;
        while (offset < count) {
            Open f = open.get(key);
            if (f == null) {
                if (open.size() >= MAX_OPEN_FILES) {
                    Iterator<Open> oldest = open.values().iterator();
                    Open o = oldest.next();
                    oldest.remove();
                    done.add(complete(o));
                }
                f = openFile(key, partition);
                open.put(key, f);
            }
            int chunk = Math.min(count - offset, CHUNK_ROWS);
            int[] slice = new int[chunk];
            for (int i = 0; i < chunk; i++) {
                slice[i] = rows == null ? offset + i : rows[offset + i];
            }
            f.writer().write(batch, slice, chunk);
            offset += chunk;
            if (f.writer().bytes() >= target.targetBytes()) {
                open.remove(key);
                done.add(complete(f));
            }
        }
    }

    private Open openFile(String key, Map<String, String> partition) throws IOException {
        String location = namer.next(key);
        var out = target.io().newOutputFile(location, target.metadata());
        FormatWriter writer = switch (target.format()) {
            case "csv", "jsonl" -> TextFormats.open(target.format(), out, target.asset());
            default -> new ParquetBatchWriter(out, target.asset(), target.fieldIds(), target.compression(),
                    Math.min(target.targetBytes(), ROW_GROUP_BYTES), target.metadata());
        };
        return new Open(partition, location, writer);
    }

    private WriteFragment complete(Open f) throws IOException {
        try {
            f.writer().close();
        } catch (IOException | RuntimeException e) {
            PendingFile staged = f.writer().abort();
            if (staged != null) {
                try {
                    target.io().abort(staged);
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        FormatWriter.Written w = f.writer().written();
        return new WriteFragment(WriteFragment.Kind.DATA, splitId, attempt, f.location(), w.pending(), w.records(),
                w.bytes(), f.partition(), w.columns(), Map.of("run_id", target.runId(), "format", target.format()));
    }

    /** Completes every open file. */
    void finish(List<WriteFragment> done) throws IOException {
        Iterator<Open> it = open.values().iterator();
        while (it.hasNext()) {
            Open f = it.next();
            it.remove();
            done.add(complete(f));
        }
    }

    /** Closes every open file without completing it and returns the staged files to discard. */
    List<PendingFile> abort() {
        List<PendingFile> staged = new ArrayList<>();
        for (Open f : open.values()) {
            PendingFile p = f.writer().abort();
            if (p != null) {
                staged.add(p);
            }
        }
        open.clear();
        return staged;
    }
}
