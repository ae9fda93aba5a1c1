package io.dativo.core.connector.file;

import io.dativo.api.BaseReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The JSON Lines reader passes the reader contract. */
class JsonLinesReaderContractTest extends FileReaderContracts {

    @Override
    protected BaseReader newReader() {
        return new JsonLinesReader();
    }

    @Override
    String type() {
        return "jsonl";
    }

    @Override
    void write(Path file, List<Map<String, Object>> rows) throws Exception {
        StringBuilder json = new StringBuilder();
        rows.forEach(r -> json.append("{\"id\":").append(r.get("id")).append(",\"name\":")
                .append(r.get("name") == null ? "null" : "\"" + r.get("name") + "\"").append("}\n"));
        Files.writeString(file, json);
    }
}
