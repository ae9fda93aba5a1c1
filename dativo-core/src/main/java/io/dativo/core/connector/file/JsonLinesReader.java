package io.dativo.core.connector.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dativo.api.BatchSink;
import io.dativo.api.ReadContext;
import io.dativo.api.Rows;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceDataException;
import io.dativo.api.io.InputFile;
import io.dativo.core.internal.Json;
import io.dativo.core.storage.SourceFiles;
import io.dativo.core.storage.SourceStreams;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads JSON Lines files: one JSON object per line. Nested objects and arrays are passed on as JSON text. Engine
 * options: {@code encoding} (default utf-8; a byte order mark wins), {@code batch_size}. Files whose names end in
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
        try (BufferedReader in = new BufferedReader(new InputStreamReader(SourceStreams.openUtf8(file,
                SourceStreams.charset(source().option("encoding", "utf-8"))), StandardCharsets.UTF_8))) {
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            long lineNo = 0;
            String line;
            while ((line = in.readLine()) != null && !context.cancelled()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                rows.add(parse(line, e.label() + ":" + lineNo));
                lines.add(lineNo);
                if (rows.size() == context.batchSize()) {
                    emit(rows, lines, e, context, sink);
                }
            }
            if (!rows.isEmpty()) {
                emit(rows, lines, e, context, sink);
            }
        }
    }

    private static void emit(List<Map<String, Object>> rows, List<Long> lines, SourceFiles.Entry e,
                             ReadContext context, BatchSink sink) throws Exception {
        sink.accept(new SourceBatch(Rows.toArrow(rows, context.allocator()), e.object(), e.label(),
                lines.stream().mapToLong(Long::longValue).toArray()));
        rows.clear();
        lines.clear();
    }

    private static Map<String, Object> parse(String line, String position) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException ex) {
            throw new SourceDataException(position, "not valid JSON: " + ex.getOriginalMessage());
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
            row.put(f.getKey(), value);
        }
        return row;
    }
}
