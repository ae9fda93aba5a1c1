package io.dativo.core.connector.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dativo.api.BatchSink;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceDataException;
import io.dativo.api.io.InputFile;
import io.dativo.core.internal.Json;
import io.dativo.core.storage.SourceFiles;
import io.dativo.core.storage.SourceStreams;
import io.dativo.core.vector.Utf8;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads JSON Lines files: one JSON object per line, nothing after it. Nested objects and arrays are passed on as JSON
 * text. Engine options: {@code encoding} (default utf-8; a byte order mark wins), {@code encoding_errors}
 * ({@code invalid}, the default: a string with ill-formed UTF-8 is an invalid value; {@code replace}: each
 * ill-formed sequence becomes U+FFFD), {@code batch_size}. Files whose names end in
 * {@code .gz} or {@code .zst} are decompressed as they are read.
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
        try (InputStream in = SourceStreams.openUtf8(file, SourceStreams.charset(source().option("encoding",
                "utf-8")))) {
            JsonText.ByteLines lines = new JsonText.ByteLines(in);
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Long> lineNumbers = new ArrayList<>();
            long lineNo = 0;
            while (lines.next() && !context.cancelled()) {
                lineNo++;
                boolean illFormed = !Utf8.valid(lines.bytes(), 0, lines.length());
                String line = illFormed ? JsonText.decode(lines.bytes(), lines.length(), replace)
                        : new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8);
                if (line.isBlank()) {
                    continue;
                }
                rows.add(parse(line, e.label() + ":" + lineNo, replace, illFormed && !replace));
                lineNumbers.add(lineNo);
                if (rows.size() == context.batchSize()) {
                    emit(rows, lineNumbers, e, context, sink);
                }
            }
            if (!rows.isEmpty()) {
                emit(rows, lineNumbers, e, context, sink);
            }
        }
    }

    private static void emit(List<Map<String, Object>> rows, List<Long> lines, SourceFiles.Entry e,
                             ReadContext context, BatchSink sink) throws Exception {
        sink.accept(new SourceBatch(JsonText.toArrow(rows, context.allocator()), e.object(), e.label(),
                lines.stream().mapToLong(Long::longValue).toArray()));
        rows.clear();
        lines.clear();
    }

    /**
     * The object on one line; {@code escaped} when the line's ill-formed bytes were escaped to lone surrogates,
     * which only strings can hold.
     */
    private static Map<String, Object> parse(String line, String position, boolean replace, boolean escaped) {
        JsonNode node;
        try {
            node = Json.ONE_DOCUMENT.readTree(line);
        } catch (JsonProcessingException ex) {
            throw new SourceDataException(position, "not valid JSON: " + ex.getOriginalMessage()
                    + (escaped ? " (the line is not valid UTF-8)" : ""));
        }
        if (!node.isObject()) {
            throw new SourceDataException(position, "each line must be a JSON object");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            JsonNode v = f.getValue();
            Object value;
            if (v.isNull()) {
                value = null;
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                value = v.longValue();
            } else if (v.isNumber()) {
                value = v.decimalValue().toPlainString();
            } else if (v.isBoolean()) {
                value = v.booleanValue();
            } else if (v.isTextual()) {
                value = v.textValue();
            } else {
                value = v.toString();
            }
            row.put(f.getKey(), value instanceof String text ? JsonText.checked(text, replace) : value);
        }
        return row;
    }
}
