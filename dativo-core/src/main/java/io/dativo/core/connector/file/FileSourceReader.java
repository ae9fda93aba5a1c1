package io.dativo.core.connector.file;

import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.ReadContext;
import io.dativo.api.ReadSplit;
import io.dativo.api.SourceConfig;
import io.dativo.api.SplitPlan;
import io.dativo.api.io.InputFile;
import io.dativo.core.storage.FileIOs;
import io.dativo.core.storage.SourceFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the file readers share: finding the source's files (paths and globs, through the {@link FileIOs} of the
 * source's storage), the {@code file_modified_time} cursor, and splits. A format implements
 * {@link #read(FilePart, InputFile, ReadContext, BatchSink)}, which reads one file (or one byte range of it) into
 * batches; a format whose files can be divided (Parquet row groups, lines of CSV and JSON Lines) also overrides
 * {@link #parts}.
 *
 * <p>{@link #planSplits} packs the files the run reads into splits of up to {@link ReadContext#targetSplitBytes()}
 * (many small files make one split; a file at least that large is a split of its own) and cuts a large file into
 * parts of the target size, or into {@link ReadContext#parallelism()} parts when that gives more, so that one big
 * file keeps every worker busy; each part is a split of its own. For an incremental source, the plan carries the
 * position it covers, a {@code FileWatermark} found from the listing the plan is made of, so the source is listed
 * once per plan. {@link #extract} reads the files of the context's split, which names them (no listing), or, for
 * the whole source, every file the cursor selects, proposing the state after each.
 */
public abstract class FileSourceReader implements BaseReader {

    /** Parts smaller than this are not worth a split and an output file of their own. */
    static final long MIN_PART_BYTES = 8L << 20;

    private SourceConfig source;
    private FileIOs storage;

    @Override
    public void open(SourceConfig source) {
        this.source = source;
        this.storage = FileIOs.forSource(source);
    }

    /** The source this reader was opened with. */
    protected final SourceConfig source() {
        return source;
    }

    /** The files the source names, globs expanded. */
    protected final List<SourceFiles.Entry> files() {
        return SourceFiles.expand(source, storage);
    }

    /** The file at {@code location}, on the storage its scheme names. */
    protected final InputFile inputFile(String location) {
        return storage.forLocation(location).newInputFile(location);
    }

    /**
     * Reads {@code part} of {@code file} into batches handed to {@code sink}; returns early once
     * {@link ReadContext#cancelled()} is true. Errors in the data name the part's label and line or row.
     */
    protected abstract void read(FilePart part, InputFile file, ReadContext context, BatchSink sink)
            throws Exception;

    /**
     * The size of the parts a file of {@code size} bytes is cut into: the target split size, or less, so that a file
     * makes as many parts as the run reads splits at once (no part smaller than {@value #MIN_PART_BYTES} bytes).
     */
    static long partBytes(long size, long targetBytes, int parallelism) {
        long even = (size + Math.max(1, parallelism) - 1) / Math.max(1, parallelism);
        return Math.max(1, Math.min(targetBytes, Math.max(MIN_PART_BYTES, even)));
    }

    /**
     * The parts of {@code file} that may be read as separate splits of about {@code targetBytes} each. The default
     * is the whole file.
     */
    protected List<FilePart> parts(SourceFiles.Entry file, long targetBytes) throws IOException {
        return List.of(FilePart.whole(file));
    }

    @Override
    public SplitPlan planSplits(ReadContext context) throws Exception {
        ModifiedTimeCursor cursor = new ModifiedTimeCursor(source, context);
        List<SourceFiles.Entry> listed = files();
        List<SourceFiles.Entry> selected = cursor.select(listed);
        long target = context.targetSplitBytes();
        List<FilePart> parts = new ArrayList<>();
        for (SourceFiles.Entry e : selected) {
            parts.addAll(parts(e, partBytes(e.size(), target, context.parallelism())));
        }
        return new SplitPlan(FileSplits.pack(parts, target), cursor.covered(listed, selected));
    }

    /**
     * Merges the {@code file_modified_time} positions two splits of one plan proposed: the later watermark, or at the
     * same time the locations at it of both. Other state merges by the default rule.
     */
    @Override
    public Map<String, Object> mergeState(String object, Map<String, Object> left, Map<String, Object> right) {
        Map<String, Object> marks = ModifiedTimeCursor.merge(object, left, right);
        return marks != null ? marks : BaseReader.super.mergeState(object, left, right);
    }

    @Override
    public void extract(ReadContext context, BatchSink sink) throws Exception {
        ModifiedTimeCursor cursor = new ModifiedTimeCursor(source, context);
        ReadSplit split = context.split();
        List<FilePart> parts = split.isWhole()
                ? cursor.select(files()).stream().map(FilePart::whole).toList()
                : FileSplits.parts(split);
        for (FilePart part : parts) {
            if (context.cancelled()) {
                return;
            }
            read(part, inputFile(part.file().location()), context, sink);
            if (!context.cancelled()) {
                cursor.done(part.file());
            }
        }
    }

    /** Every named file must exist and be readable; a glob may match nothing. */
    @Override
    public ConnectionCheck checkConnection() {
        List<SourceFiles.Entry> files;
        try {
            files = files();
        } catch (RuntimeException e) {
            return ConnectionCheck.failed("NOT_FOUND", e.getMessage());
        }
        for (SourceFiles.Entry e : files) {
            try (InputStream in = inputFile(e.location()).newStream()) {
                in.read();
            } catch (IOException | RuntimeException ex) {
                return ConnectionCheck.failed("NOT_READABLE", "cannot read " + e.label() + ": " + ex.getMessage());
            }
        }
        return ConnectionCheck.ok(files.size() + " file(s) readable");
    }

    /** Closes the storage clients this reader opened. */
    @Override
    public void close() throws Exception {
        if (storage != null) {
            storage.close();
        }
    }
}
