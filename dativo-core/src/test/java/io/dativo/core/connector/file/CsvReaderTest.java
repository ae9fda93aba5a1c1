package io.dativo.core.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.FieldSpec;
import io.dativo.api.FieldType;
import io.dativo.api.FileSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceConfig;
import io.dativo.api.SourceDataException;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.core.testing.TestSupport;
import io.dativo.core.vector.ValueText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    static final AssetDefinition ASSET = AssetDefinition.of("t", List.of(FieldSpec.of("a", FieldType.STRING, false),
            FieldSpec.of("b", FieldType.STRING, false)));

    /** Rows as text (null for null) followed by the line number, and the column names. */
    record Read(List<String> columns, List<List<String>> rows, List<String> positions) {
    }

    private Read read(String path, Map<String, Object> options) throws Exception {
        CsvReader reader = new CsvReader();
        reader.open(new SourceConfig("csv", null, Map.of(), Map.of(), List.of(), List.of(), null,
                List.of(new FileSpec(path, null, null)), null, options, dir.toString()));
        List<String> columns = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        reader.extract(new ReadContext() {
            public BufferAllocator allocator() {
                return allocator;
            }

            public AssetDefinition asset() {
                return ASSET;
            }

            public int batchSize() {
                return 2;
            }

            public String runId() {
                return "test";
            }
        }, batch -> {
            try (var root = batch.root()) {
                columns.clear();
                root.getFieldVectors().forEach(v -> columns.add(v.getName()));
                for (int r = 0; r < root.getRowCount(); r++) {
                    List<String> row = new ArrayList<>();
                    for (FieldVector v : root.getFieldVectors()) {
                        row.add(ValueText.text(v, r));
                    }
                    rows.add(row);
                    positions.add(batch.position(r));
                }
            }
        });
        return new Read(columns, rows, positions);
    }

    @Test
    void quotedFieldsCrlfAndLineBreaksInsideQuotesKeepTheirLineNumbers() throws Exception {
        Files.writeString(dir.resolve("q.csv"), "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n\"two\nlines\",\"\"\r\nlast,\r\n");
        Read r = read("q.csv", Map.of());
        assertThat(r.columns()).containsExactly("a", "b");
        assertThat(r.rows()).containsExactly(List.of("x, y", "say \"hi\""), List.of("two\nlines", ""),
                Arrays.asList("last", null));
        assertThat(r.positions()).containsExactly("q.csv:2", "q.csv:4", "q.csv:6");
    }

    @Test
    void recordsAcrossReadBufferBoundariesAndLongerThanTheBufferReadWhole() throws Exception {
        StringBuilder csv = new StringBuilder("a,b\r\n");
        List<List<String>> expected = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int line = 2;
        for (int i = 0; i < 6_000; i++) {
            String a = "v" + i + "x".repeat(i % 37);
            String b = i == 4_000 ? "y".repeat(200_000) : "say \"" + i + "\"\nnext" + ",".repeat(i % 3);
            csv.append(a).append(",\"").append(b.replace("\"", "\"\"")).append("\"\r\n");
            expected.add(List.of(a, b));
            lines.add("q.csv:" + line);
            line += 1 + (int) b.chars().filter(c -> c == '\n').count();
        }
        Files.writeString(dir.resolve("q.csv"), csv);
        Read r = read("q.csv", Map.of());
        assertThat(r.rows()).isEqualTo(expected);
        assertThat(r.positions()).isEqualTo(lines);
    }

    @Test
    void nullTokensDelimiterAndNoHeader() throws Exception {
        Files.writeString(dir.resolve("n.csv"), "1;NULL\n\"NULL\";\n");
        Read r = read("n.csv", Map.of("delimiter", ";", "header", false, "null_values", List.of("NULL", "")));
        assertThat(r.columns()).containsExactly("a", "b");
        assertThat(r.rows()).containsExactly(Arrays.asList("1", null), Arrays.asList("NULL", null));
    }

    @Test
    void globsReadEveryMatchingFileInOrder() throws Exception {
        Files.createDirectories(dir.resolve("in/2024"));
        Files.writeString(dir.resolve("in/2024/b.csv"), "a,b\n2,x\n");
        Files.writeString(dir.resolve("in/a.csv"), "a,b\n1,y\n");
        Files.writeString(dir.resolve("in/skip.txt"), "a,b\n3,z\n");
        Read r = read("in/**.csv", Map.of());
        assertThat(r.rows()).extracting(row -> row.get(0)).containsExactly("2", "1");
        assertThat(r.positions()).containsExactly("in/2024/b.csv:2", "in/a.csv:2");
    }

    @Test
    void latin1AndUtf8BomAreDecoded() throws Exception {
        Files.write(dir.resolve("l.csv"), "a,b\nSánchez,ü\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(read("l.csv", Map.of("encoding", "latin-1")).rows()).containsExactly(List.of("Sánchez", "ü"));
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "a,b\nç,ß\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(bom, bom.length + body.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        Files.write(dir.resolve("u.csv"), all);
        Read r = read("u.csv", Map.of());
        assertThat(r.columns()).containsExactly("a", "b");
        assertThat(r.rows()).containsExactly(List.of("ç", "ß"));
    }

    @Test
    void brokenInputNamesFileAndLine() throws Exception {
        Files.writeString(dir.resolve("bad.csv"), "a,b\n1,2\n\"x\"y,3\n");
        assertThatThrownBy(() -> read("bad.csv", Map.of())).isInstanceOf(SourceDataException.class)
                .hasMessage("bad.csv:3: unexpected character 'y' after the closing quote of field 1");
        assertThatThrownBy(() -> read("missing.csv", Map.of())).hasMessageContaining("source file not found: missing.csv");
        Files.writeString(dir.resolve("ok.csv"), "a,b\n1,2\n");
        assertThatThrownBy(() -> read("ok.csv", Map.of("encoding", "klingon")))
                .hasMessageContaining("unknown encoding 'klingon'");
    }

    @Test
    void discoverInfersTypesAndRequiredFromASample() throws Exception {
        Files.writeString(dir.resolve("t.csv"), """
                id,price,flag,day,at,note,blank
                1,2.50,true,2024-01-15,2024-01-15 10:00:00,a,
                2,3,false,2024-01-16,2024-01-16T11:00:00Z,,
                """);
        CsvReader reader = new CsvReader();
        reader.open(SourceConfig.ofFiles("csv", List.of(new FileSpec(dir.resolve("t.csv").toString(), null, null)),
                Map.of()));
        List<FieldSpec> fields = reader.discover().get(0).fields();
        assertThat(fields).extracting(FieldSpec::type).containsExactly(FieldType.LONG, FieldType.DOUBLE,
                FieldType.BOOLEAN, FieldType.DATE, FieldType.TIMESTAMP, FieldType.STRING, FieldType.STRING);
        assertThat(fields).extracting(FieldSpec::required).containsExactly(true, true, true, true, true, false,
                false);
    }

    @Test
    void discoverReadsAFileAsExtractDoes() throws Exception {
        CsvReader reader = new CsvReader();
        reader.open(SourceConfig.ofFiles("csv", List.of(new FileSpec(TestSupport.reference()
                .resolve("tests/fixtures/seeds/AdventureWorks-oltp-install-script/Employee.csv").toString(),
                "Employee", null)), Map.of("encoding", "utf-16-le")));
        List<FieldSpec> fields = reader.discover().get(0).fields();
        assertThat(fields).as("tab-separated, no header").hasSize(16);
        assertThat(fields.get(0).name()).isEqualTo("column_1");
        assertThat(fields.get(0).type()).isEqualTo(FieldType.LONG);
    }

    @Test
    void discoverListsEachFileWithItsHeader() throws Exception {
        Files.writeString(dir.resolve("d.csv"), "id,name\n1,x\n");
        CsvReader reader = new CsvReader();
        reader.open(SourceConfig.ofFiles("csv", List.of(new FileSpec(dir.resolve("d.csv").toString(), "things", null)),
                Map.of()));
        List<DiscoveredObject> found = reader.discover();
        assertThat(found).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("things");
            assertThat(o.fields()).extracting(FieldSpec::name).containsExactly("id", "name");
        });
    }
}
