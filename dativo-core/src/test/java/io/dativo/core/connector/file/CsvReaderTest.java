package io.dativo.core.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.SourceDataException;
import io.dativo.core.connector.file.Reads.Read;
import io.dativo.core.testing.Storage;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.core.testing.TestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The CSV reader, on local files and in memory. */
@ParameterizedClass(name = "{0}")
@EnumSource(Storage.class)
class CsvReaderTest {

    @Parameter
    Storage storage;
    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();
    Storage.Root root;

    static final AssetDefinition ASSET = AssetDefinition.of("t", List.of(FieldSpec.of("a", DataType.STRING, false),
            FieldSpec.of("b", DataType.STRING, false)));

    @BeforeEach
    void root() {
        root = storage.root(dir);
    }

    private Read read(String path, Map<String, Object> options) throws Exception {
        return Reads.read(new CsvReader(), Reads.source("csv", root.base(), options, path),
                Reads.context(allocator, ASSET));
    }

    @Test
    void quotedFieldsCrlfAndLineBreaksInsideQuotesKeepTheirLineNumbers() throws Exception {
        root.write("q.csv", "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n\"two\nlines\",\"\"\r\nlast,\r\n");
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
        root.write("q.csv", csv.toString());
        Read r = read("q.csv", Map.of());
        assertThat(r.rows()).isEqualTo(expected);
        assertThat(r.positions()).isEqualTo(lines);
    }

    @Test
    void nullTokensDelimiterAndNoHeader() throws Exception {
        root.write("n.csv", "1;NULL\n\"NULL\";\n");
        Read r = read("n.csv", Map.of("delimiter", ";", "header", false, "null_values", List.of("NULL", "")));
        assertThat(r.columns()).containsExactly("a", "b");
        assertThat(r.rows()).containsExactly(Arrays.asList("1", null), Arrays.asList("NULL", null));
    }

    @Test
    void globsReadEveryMatchingFileInOrder() throws Exception {
        root.write("in/2024/b.csv", "a,b\n2,x\n");
        root.write("in/a.csv", "a,b\n1,y\n");
        root.write("in/skip.txt", "a,b\n3,z\n");
        root.write("in/_tmp/c.csv", "a,b\n4,z\n");
        root.write("in/.d.csv", "a,b\n5,z\n");
        Read r = read("in/**.csv", Map.of());
        assertThat(r.rows()).extracting(row -> row.get(0)).containsExactly("2", "1");
        assertThat(r.positions()).containsExactly("in/2024/b.csv:2", "in/a.csv:2");
    }

    @Test
    void latin1AndUtf8BomAreDecoded() throws Exception {
        root.write("l.csv", "a,b\nSánchez,ü\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(read("l.csv", Map.of("encoding", "latin-1")).rows()).containsExactly(List.of("Sánchez", "ü"));
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "a,b\nç,ß\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(bom, bom.length + body.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        root.write("u.csv", all);
        Read r = read("u.csv", Map.of());
        assertThat(r.columns()).containsExactly("a", "b");
        assertThat(r.rows()).containsExactly(List.of("ç", "ß"));
    }

    @Test
    void brokenInputNamesFileAndLine() throws Exception {
        root.write("bad.csv", "a,b\n1,2\n\"x\"y,3\n");
        assertThatThrownBy(() -> read("bad.csv", Map.of())).isInstanceOf(SourceDataException.class)
                .hasMessage("bad.csv:3: unexpected character 'y' after the closing quote of field 1");
        assertThatThrownBy(() -> read("missing.csv", Map.of())).hasMessageContaining("source file not found: missing.csv");
        root.write("ok.csv", "a,b\n1,2\n");
        assertThatThrownBy(() -> read("ok.csv", Map.of("encoding", "klingon")))
                .hasMessageContaining("unknown encoding 'klingon'");
    }

    @Test
    void gzipAndZstandardFilesAreDecompressedAndDecoded() throws Exception {
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i).append(",\"é ").append(i).append("\"\n");
        }
        root.write("c/x.csv.gz", Compress.gzip(csv.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] utf16 = ("\uFEFF" + csv).getBytes(StandardCharsets.UTF_16LE);
        root.write("c/y.csv.zst", Compress.zstd(utf16));
        Read r = read("c/*", Map.of());
        assertThat(r.rows()).hasSize(40_000);
        assertThat(r.rows().get(19_999)).containsExactly("19999", "é 19999");
        assertThat(r.rows().get(39_999)).containsExactly("19999", "é 19999");
        assertThat(r.positions().get(20_000)).isEqualTo("c/y.csv.zst:2");
        root.write("bad.csv.zst", Compress.zstd("a,b\n1,2\n3\n".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> read("bad.csv.zst", Map.of())).isInstanceOf(SourceDataException.class)
                .hasMessage("bad.csv.zst:3: row has 1 fields where the header has 2");
    }

    @Test
    void discoverInfersTypesAndRequiredFromASample() throws Exception {
        String t = root.write("t.csv", """
                id,price,flag,day,at,note,blank
                1,2.50,true,2024-01-15,2024-01-15 10:00:00,a,
                2,3,false,2024-01-16,2024-01-16T11:00:00Z,,
                """);
        CsvReader reader = new CsvReader();
        reader.open(SourceConfig.ofFiles("csv", List.of(new FileSpec(t, null, null)),
                Map.of()));
        List<FieldSpec> fields = reader.discover().get(0).fields();
        assertThat(fields).extracting(FieldSpec::type).containsExactly(DataType.LONG, DataType.DOUBLE,
                DataType.BOOLEAN, DataType.DATE, DataType.TIMESTAMP, DataType.STRING, DataType.STRING);
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
        assertThat(fields.get(0).type()).isEqualTo(DataType.LONG);
    }

    @Test
    void discoverListsEachFileWithItsHeader() throws Exception {
        String d = root.write("d.csv", "id,name\n1,x\n");
        CsvReader reader = new CsvReader();
        reader.open(SourceConfig.ofFiles("csv", List.of(new FileSpec(d, "things", null)),
                Map.of()));
        List<DiscoveredObject> found = reader.discover();
        assertThat(found).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("things");
            assertThat(o.fields()).extracting(FieldSpec::name).containsExactly("id", "name");
        });
    }
}
