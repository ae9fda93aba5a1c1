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

/**
 * What the file readers share: finding the source's files (paths and globs, through the {@link FileIOs} of the
 * source's storage), the {@code file_modified_time} cursor, and splits. A format implements
 * {@link #read(FilePart, InputFile, ReadContext, BatchSink)}, which reads one file (or one byte range of it) into
 * batches; a format whose files can be divided (Parquet row groups) also overrides {@link #parts}.
 *
 * <p>{@link #planSplits} packs the files the run reads into splits of up to {@link ReadContext#targetSplitBytes()}
 * (many small files make one split; a file at least that large is a split of its own) and, for an incremental
 * source, returns the file map the whole plan covers. {@link #extract} reads the files of the context's split, or,
 * for the whole source, every file the cursor selects, proposing the state after each.
 */
public abstract class FileSourceReader implements BaseReader {

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
     * The parts of {@code file} that may be read as separate splits of about {@code targetBytes} each. The default
     * is the whole file: a text file is not cut.
     */
    protected List<FilePart> parts(SourceFiles.Entry file, long targetBytes) throws IOException {
        return List.of(FilePart.whole(file));
    }

    @Override
    public SplitPlan planSplits(ReadContext context) throws Exception {
        ModifiedTimeCursor cursor = new ModifiedTimeCursor(source, context);
        List<SourceFiles.Entry> selected = cursor.select(files());
        long target = context.targetSplitBytes();
        List<FilePart> parts = new ArrayList<>();
        for (SourceFiles.Entry e : selected) {
            parts.addAll(parts(e, target));
        }
        return new SplitPlan(FileSplits.pack(parts, target), cursor.covered(selected));
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
