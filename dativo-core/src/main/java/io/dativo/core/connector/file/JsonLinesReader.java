package io.dativo.core.connector.file;

import io.dativo.api.BatchSink;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceBatch;
import io.dativo.api.io.InputFile;
import io.dativo.core.storage.SourceFiles;
import io.dativo.core.storage.SourceStreams;
import io.dativo.core.vector.Utf8;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reads JSON Lines files: one JSON object per line, nothing after it. Each line's tokens go straight into text
 * columns of the fields the contract names, which validation coerces to their types; nested objects and arrays are
 * passed on as JSON text, and fields the contract does not name are skipped. Engine options: {@code encoding}
 * (default utf-8; a byte order mark wins), {@code encoding_errors} ({@code invalid}, the default: a string with
 * ill-formed UTF-8 is an invalid value; {@code replace}: each ill-formed sequence becomes U+FFFD),
 * {@code batch_size}. Files whose names end in {@code .gz} or {@code .zst} are decompressed as they are read.
 */
public final class JsonLinesReader extends FileSourceReader {

    @Override
    public Set<String> connectorTypes() {
        return Set.of("jsonl");
    }

    @Override
    protected void read(FilePart part, InputFile file, ReadContext context, BatchSink sink) throws Exception {
        SourceFiles.Entry e = part.file();
        boolean replace = FileReaderOptions.replaceEncodingErrors(source().engineOptions());
        JsonLineBatch batch = new JsonLineBatch(context.asset().schema(), context.batchSize(), replace);
        try (InputStream in = SourceStreams.openUtf8(file, SourceStreams.charset(source().option("encoding",
                "utf-8")))) {
            JsonText.ByteLines lines = new JsonText.ByteLines(in);
            long lineNo = 0;
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

    private static void emit(SourceBatch batch, BatchSink sink) throws Exception {
        try {
            sink.accept(batch);
        } catch (Exception | Error ex) {
            batch.root().close();
            throw ex;
        }
    }
}
