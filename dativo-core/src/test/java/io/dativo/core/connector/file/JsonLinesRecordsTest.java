package io.dativo.core.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceDataException;
import io.dativo.api.ValidationMode;
import io.dativo.core.testing.Storage;
import io.dativo.core.validate.ValidationSummary;
import io.dativo.core.validate.Validator;
import io.dativo.core.vector.ValueText;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.testkit.TestReadContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the JSON Lines reader turns each line's fields into the contract's columns: any field order, fields missing or
 * named twice, values of another JSON kind than the contract's type, escapes, long lines, fields the contract does
 * not name.
 */
class JsonLinesRecordsTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();
    Storage.Root root;

    static final AssetDefinition ASSET = AssetDefinition.of("t", List.of(FieldSpec.of("id", DataType.LONG, true),
            FieldSpec.of("name", DataType.STRING, false), FieldSpec.of("doc", DataType.JSON, false)));

    @BeforeEach
    void root() {
        root = Storage.LOCAL.root(dir);
    }

    /** What the reader handed over: each record's columns by name as text, its position, each batch's columns. */
    record Records(List<Map<String, String>> rows, List<String> positions, List<List<String>> columns) {
    }

    private Records read(String text, AssetDefinition asset, Map<String, Object> options) throws Exception {
        return read(text, asset, options, 2);
    }

    private Records read(String text, AssetDefinition asset, Map<String, Object> options, int batchSize)
            throws Exception {
        root.write("in.jsonl", text);
        TestReadContext context = TestReadContext.builder(allocator, asset).batchSize(batchSize).runId("test")
                .build();
        Records out = new Records(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (JsonLinesReader reader = new JsonLinesReader()) {
            reader.open(Reads.source("jsonl", root.base(), options, "in.jsonl"));
            reader.extract(context, batch -> {
                try (VectorSchemaRoot b = batch.root()) {
                    out.columns().add(b.getFieldVectors().stream().map(FieldVector::getName).toList());
                    for (int r = 0; r < b.getRowCount(); r++) {
                        Map<String, String> row = new LinkedHashMap<>();
                        for (FieldVector v : b.getFieldVectors()) {
                            row.put(v.getName(), ValueText.text(v, r));
                        }
                        out.rows().add(row);
                        out.positions().add(batch.position(r));
                    }
                }
            });
        }
        return out;
    }

    /** The records of {@code text} validated against {@code asset} in warn mode: the values written, as text. */
    private List<List<String>> validated(String text, AssetDefinition asset, Map<String, Object> options,
                                         List<ValidationSummary> summary) throws Exception {
        root.write("in.jsonl", text);
        Validator validator = new Validator(asset, ValidationMode.WARN, allocator);
        List<List<String>> rows = new ArrayList<>();
        try (JsonLinesReader reader = new JsonLinesReader()) {
            reader.open(Reads.source("jsonl", root.base(), options, "in.jsonl"));
            reader.extract(Reads.context(allocator, asset), batch -> {
                try (VectorSchemaRoot in = batch.root(); VectorSchemaRoot out = validator.validate(batch).valid()) {
                    for (int r = 0; r < out.getRowCount(); r++) {
                        List<String> row = new ArrayList<>();
                        for (FieldVector v : out.getFieldVectors()) {
                            row.add(ValueText.text(v, r));
                        }
                        rows.add(row);
                    }
                }
            });
        }
        summary.add(validator.summary());
        return rows;
    }

    private static Map<String, String> row(String... nameValue) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put(nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    /** The values of {@code names} in {@code row}, null where the record has none. */
    private static List<String> values(Map<String, String> row, String... names) {
        return Arrays.stream(names).map(row::get).toList();
    }

    @Test
    void fieldsMayComeInAnyOrderOrNotAtAllAndTheLastOfTwiceNamedFieldsCounts() throws Exception {
        Records r = read("""
                {"name": "a", "id": 1}
                {"id": 2}
                {"doc": [1], "name": "c", "id": 3}
                {"id": 4, "name": "x", "name": "d"}
                {"name": "e", "id": 5, "id": 6}
                """, ASSET, Map.of());
        assertThat(r.rows().stream().map(row -> values(row, "id", "name", "doc")).toList()).containsExactly(
                Arrays.asList("1", "a", null), Arrays.asList("2", null, null), Arrays.asList("3", "c", "[1]"),
                Arrays.asList("4", "d", null), Arrays.asList("6", "e", null));
        // Two records a batch: each batch has the columns its records name, in the order first named.
        assertThat(r.columns()).containsExactly(List.of("name", "id"), List.of("doc", "name", "id"),
                List.of("name", "id"));
        assertThat(r.positions()).containsExactly("in.jsonl:1", "in.jsonl:2", "in.jsonl:3", "in.jsonl:4",
                "in.jsonl:5");
    }

    @Test
    void nestedValuesAreCompactJsonTextAndScalarsTheirText() throws Exception {
        Records r = read("""
                {"id": 1, "doc": {"a": [1, 2.50, "x\\"y"], "b": {"c": null}}}
                {"id": 2, "doc": [ ]}
                {"id": 3, "doc": 1.5e2, "name": 12.50}
                {"id": 4, "doc": true, "name": 123456789012345678901234567890}
                {"id": -7, "doc": "text", "name": false}
                """, ASSET, Map.of());
        assertThat(r.rows().stream().map(row -> values(row, "id", "doc", "name")).toList()).containsExactly(
                Arrays.asList("1", "{\"a\":[1,2.5,\"x\\\"y\"],\"b\":{\"c\":null}}", null),
                Arrays.asList("2", "[]", null), List.of("3", "150", "12.50"),
                List.of("4", "true", "123456789012345678901234567890"), List.of("-7", "text", "false"));
    }

    @Test
    void numbersAsStringsAndStringsAsNumbersAreCoercedByTheContract() throws Exception {
        AssetDefinition typed = AssetDefinition.of("t", List.of(FieldSpec.of("id", DataType.LONG, true),
                new FieldSpec("price", DataType.DECIMAL, false, null, null, 15, 2),
                FieldSpec.of("day", DataType.DATE, false), FieldSpec.of("ok", DataType.BOOLEAN, false),
                FieldSpec.of("x", DataType.DOUBLE, false), FieldSpec.of("code", DataType.STRING, false)));
        List<ValidationSummary> summary = new ArrayList<>();
        List<List<String>> rows = validated("""
                {"id": "1", "price": "19.5", "day": "2024-02-29", "ok": "true", "x": "2.5", "code": 7}
                {"code": 0.10, "x": 3, "ok": false, "day": "2024-03-01", "price": 17, "id": 2}
                {"id": 3, "price": 1e1, "ok": true, "x": -1.5E-3, "code": true, "extra": {"deep": [1, 2]}}
                {"id": "four", "price": "n/a", "day": 20240301, "ok": 1, "x": "x"}
                """, typed, Map.of(), summary);
        assertThat(rows).containsExactly(List.of("1", "19.50", "2024-02-29", "true", "2.5", "7"),
                List.of("2", "17.00", "2024-03-01", "false", "3.0", "0.10"),
                Arrays.asList("3", "10.00", null, "true", "-0.0015", "true"),
                Arrays.asList(null, null, null, "true", null, null));
        ValidationSummary s = summary.get(0);
        assertThat(s.errorsByField()).containsOnlyKeys("id", "price", "day", "x");
        assertThat(s.droppedColumns()).containsOnlyKeys("extra");
    }

    @Test
    void fieldsTheContractDoesNotNameArePassedOnAsColumnsOfNulls() throws Exception {
        Records r = read("""
                {"id": 1, "other": {"big": [1, 2, 3]}, "more": "text"}
                {"ID": 2, "Name": "b"}
                """, ASSET, Map.of(), 10);
        assertThat(r.rows()).containsExactly(row("id", "1", "other", null, "more", null, "ID", null, "Name", null),
                row("id", null, "other", null, "more", null, "ID", "2", "Name", "b"));
    }

    @Test
    void batchesOfThousandsOfRecordsKeepEveryValueInItsRow() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 7000; i++) {
            text.append(i % 3 == 0 ? "{\"id\": " + i + "}" : i % 3 == 1 ? "{\"name\": \"n" + i + "\", \"id\": " + i + "}"
                    : "{\"id\": " + i + ", \"doc\": [" + i + "]}").append('\n');
        }
        Records r = read(text.toString(), ASSET, Map.of(), 3000);
        assertThat(r.rows()).hasSize(7000);
        for (int i = 0; i < 7000; i++) {
            assertThat(values(r.rows().get(i), "id", "name", "doc")).as("row %d", i).containsExactly(
                    String.valueOf(i), i % 3 == 1 ? "n" + i : null, i % 3 == 2 ? "[" + i + "]" : null);
            assertThat(r.positions().get(i)).isEqualTo("in.jsonl:" + (i + 1));
        }
        assertThat(r.columns()).hasSize(3);
    }

    @Test
    void unicodeEscapesAndSurrogatePairsAreDecoded() throws Exception {
        Records r = read("""
                {"id": 1, "name": "M\\u00fcller \\ud83d\\ude00 \\t\\n\\/"}
                {"id": 2, "name": "Müller 😀"}
                """, ASSET, Map.of());
        assertThat(r.rows().stream().map(row -> row.get("name")).toList()).containsExactly("Müller 😀 \t\n/",
                "Müller 😀");
    }

    @Test
    void aLoneSurrogateEscapeIsAnInvalidValueOrReplaced() throws Exception {
        String text = "{\"id\": 1, \"name\": \"a\\udc80b\"}\n{\"id\": 2, \"name\": \"c\\ud800\"}\n";
        List<ValidationSummary> summary = new ArrayList<>();
        assertThat(validated(text, ASSET, Map.of(), summary)).containsExactly(Arrays.asList("1", null, null),
                Arrays.asList("2", null, null));
        assertThat(summary.get(0).errorsByKind()).containsExactly(Map.entry("invalid_string", 2L));
        summary.clear();
        assertThat(validated(text, ASSET, Map.of("encoding_errors", "replace"), summary)).containsExactly(
                Arrays.asList("1", "a\uFFFDb", null), Arrays.asList("2", "c\uFFFD", null));
        assertThat(summary.get(0).totalErrors()).isZero();
    }

    @Test
    void veryLongLinesAndValuesAreRead() throws Exception {
        String big = "x".repeat(3 << 20);
        StringBuilder nested = new StringBuilder("[");
        for (int i = 0; i < 50_000; i++) {
            nested.append(i == 0 ? "" : ",").append("\"ü").append(i).append('"');
        }
        nested.append(']');
        Records r = read("{\"id\": 1, \"name\": \"" + big + "\", \"doc\": " + nested + "}\n{\"id\": 2}\n", ASSET,
                Map.of());
        assertThat(r.rows().get(0).get("name")).isEqualTo(big);
        assertThat(r.rows().get(0).get("doc")).isEqualTo(nested.toString());
        assertThat(r.positions()).containsExactly("in.jsonl:1", "in.jsonl:2");
    }

    @Test
    void aLineThatIsNotOneObjectNamesItsLine() throws Exception {
        assertThatThrownBy(() -> read("{\"id\": 1}\n{\"id\": 2} {\"id\": 3}\n", ASSET, Map.of()))
                .isInstanceOf(SourceDataException.class).hasMessage("in.jsonl:2: not valid JSON: content after the "
                        + "object");
        assertThatThrownBy(() -> read("{\"id\": 1} x\n", ASSET, Map.of()))
                .isInstanceOf(SourceDataException.class).hasMessageStartingWith("in.jsonl:1: not valid JSON: ");
        assertThatThrownBy(() -> read("\n  \n\"id\"\n", ASSET, Map.of()))
                .isInstanceOf(SourceDataException.class).hasMessage("in.jsonl:3: each line must be a JSON object");
        assertThatThrownBy(() -> read("{\"id\": 1}\n{\"id\":\n2}\n", ASSET, Map.of()))
                .isInstanceOf(SourceDataException.class).hasMessageStartingWith("in.jsonl:2: not valid JSON: ");
        assertThatThrownBy(() -> read("{\"id\": [1,\n", ASSET, Map.of()))
                .isInstanceOf(SourceDataException.class).hasMessageStartingWith("in.jsonl:1: not valid JSON: ");
    }
}
