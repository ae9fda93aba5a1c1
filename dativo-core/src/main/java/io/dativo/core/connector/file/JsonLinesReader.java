package io.dativo.core.connector.file;

import io.dativo.api.BatchSink;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceBatch;
import io.dativo.api.io.InputFile;
import io.dativo.core.storage.SourceFiles;
import io.dativo.core.storage.SourceStreams;
import io.dativo.core.vector.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads JSON Lines files: one JSON object per line, nothing after it. Each line's tokens go straight into text
 * columns of the fields the contract names, which validation coerces to their types; nested objects and arrays are
 * passed on as JSON text, and fields the contract does not name are skipped. Engine options: {@code encoding}
 * (default utf-8; a byte order mark wins), {@code encoding_errors} ({@code invalid}, the default: a string with
 * ill-formed UTF-8 is an invalid value; {@code replace}: each ill-formed sequence becomes U+FFFD),
 * {@code batch_size}. Files whose names end in {@code .gz} or {@code .zst} are decompressed as they are read.
 * A large file is cut into ranges of whole lines read as separate splits (see {@link FileSourceReader}); errors
 * name the line a read of the whole file would.
 */
public final class JsonLinesReader extends FileSourceReader {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesReader.class);

    @Override
    public Set<String> connectorTypes() {
        return Set.of("jsonl");
    }

    private Charset encoding() {
        return SourceStreams.charset(source().option("encoding", "utf-8"));
    }

    /**
     * A file larger than {@code targetBytes} is cut into ranges of whole lines, as {@link TextRanges} says when; a
     * JSON string cannot hold a line break, so every line break ends a record.
     */
    @Override
    protected List<FilePart> parts(SourceFiles.Entry file, long targetBytes) throws IOException {
        if (file.size() <= targetBytes) {
            return List.of(FilePart.whole(file));
        }
        List<FilePart> parts = TextRanges.cut(file, inputFile(file.location()), targetBytes, encoding(),
                (byte) '\n', TextRanges.NO_QUOTE);
        LOG.debug("{}: {} bytes read as {} part(s)", file.label(), file.size(), parts.size());
        return parts;
    }

    @Override
    protected void read(FilePart part, InputFile file, ReadContext context, BatchSink sink) throws Exception {
        SourceFiles.Entry e = part.file();
        boolean replace = FileReaderOptions.replaceEncodingErrors(source().engineOptions());
        JsonLineBatch batch = new JsonLineBatch(context.asset().schema(),
                FileReaderOptions.textBatchSize(source().engineOptions(), context), replace);
        try (InputStream in = open(part, file)) {
            JsonText.ByteLines lines = new JsonText.ByteLines(in);
            long lineNo = part.line() - 1;
            while (lines.next() && !context.cancelled()) {
                lineNo++;
                byte[] line = lines.bytes();
                int len = lines.length();
                boolean illFormed = !Utf8.valid(line, 0, len);
                if (illFormed) {
                    // Escaped bytes reach the column as the bytes they were; replaced ones as U+FFFD.
                    line = JsonText.decode(line, len, replace).getBytes(StandardCharsets.UTF_8);
                    len = line.length;
                }
                batch.add(line, len, lineNo, e.label(), illFormed);
                if (batch.full()) {
                    emit(batch.take(context.allocator(), e.object(), e.label()), sink);
                }
            }
            if (batch.rows() > 0) {
                emit(batch.take(context.allocator(), e.object(), e.label()), sink);
            }
        }
    }

    /** The text of {@code part} as UTF-8 bytes: the whole file, decompressed, or a range of its lines. */
    private InputStream open(FilePart part, InputFile file) throws IOException {
        if (part.isWhole()) {
            return SourceStreams.openUtf8(file, encoding());
        }
        InputStream raw = TextRanges.open(part, file);
        try {
            return SourceStreams.utf8(raw, encoding());
        } catch (IOException | RuntimeException ex) {
            raw.close();
            throw ex;
        }
    }

    private static void emit(SourceBatch batch, BatchSink sink) throws Exception {
        try {
            sink.accept(batch);
        } catch (Exception | Error ex) {
            batch.root().close();
            throw ex;
        }
    }
}
