package io.dativo.core.connector.file;

import io.dativo.api.BaseReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The CSV reader passes the reader contract. */
class CsvReaderContractTest extends FileReaderContracts {

    @Override
    protected BaseReader newReader() {
        return new CsvReader();
    }

    @Override
    String type() {
        return "csv";
    }

    @Override
    void write(Path file, List<Map<String, Object>> rows) throws Exception {
        StringBuilder csv = new StringBuilder("id,name\n");
        rows.forEach(r -> csv.append(r.get("id")).append(',').append(r.get("name") == null ? "" : r.get("name"))
                .append('\n'));
        Files.writeString(file, csv);
    }
}
