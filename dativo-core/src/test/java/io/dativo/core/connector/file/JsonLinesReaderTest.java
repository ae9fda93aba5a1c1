package io.dativo.core.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.SourceDataException;
import io.dativo.core.connector.file.Reads.Read;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.core.testing.Storage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

/** The JSON Lines reader, on local files and in memory. */
@ParameterizedClass(name = "{0}")
@EnumSource(Storage.class)
class JsonLinesReaderTest {

    @Parameter
    Storage storage;
    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();
    Storage.Root root;

    static final AssetDefinition ASSET = AssetDefinition.of("t", List.of(FieldSpec.of("id", DataType.LONG, true),
            FieldSpec.of("name", DataType.STRING, false)));

    @BeforeEach
    void root() {
        root = storage.root(dir);
    }

    /** The contract of the tests that read nested values. */
    static final AssetDefinition WITH_TAGS = AssetDefinition.of("t", List.of(FieldSpec.of("id", DataType.LONG, true),
            FieldSpec.of("name", DataType.STRING, false), FieldSpec.of("tags", DataType.JSON, false)));

    private Read read(String path, Map<String, Object> options) throws Exception {
        return read(path, options, ASSET);
    }

    private Read read(String path, Map<String, Object> options, AssetDefinition asset) throws Exception {
        return Reads.read(new JsonLinesReader(), Reads.source("jsonl", root.base(), options, path),
                Reads.context(allocator, asset));
    }

    @Test
    void valuesNestedJsonAndBlankLinesKeepTheirLineNumbers() throws Exception {
        root.write("e.jsonl", """
                {"id": 1, "name": "a", "tags": {"x": [1, 2]}}

                {"id": 2, "name": null, "tags": null}
                {"id": 3, "name": "c", "tags": [true]}
                """);
        Read r = read("e.jsonl", Map.of(), WITH_TAGS);
        assertThat(r.rows()).containsExactly(List.of("1", "a", "{\"x\":[1,2]}"), Arrays.asList("2", null, null),
                List.of("3", "c", "[true]"));
        assertThat(r.positions()).containsExactly("e.jsonl:1", "e.jsonl:3", "e.jsonl:4");
    }

    @Test
    void brokenLinesNameFileAndLine() throws Exception {
        root.write("bad.jsonl", "{\"id\": 1}\n{\"id\": 2,\n");
        assertThatThrownBy(() -> read("bad.jsonl", Map.of())).isInstanceOf(SourceDataException.class)
                .hasMessageStartingWith("bad.jsonl:2: not valid JSON");
        root.write("arr.jsonl", "{\"id\": 1}\n\n[1]\n");
        assertThatThrownBy(() -> read("arr.jsonl", Map.of())).isInstanceOf(SourceDataException.class)
                .hasMessage("arr.jsonl:3: each line must be a JSON object");
    }

    @Test
    void utf16WithAByteOrderMarkIsDecoded() throws Exception {
        byte[] body = "{\"id\": 1, \"name\": \"Müller\"}\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] all = new byte[body.length + 2];
        all[0] = (byte) 0xFF;
        all[1] = (byte) 0xFE;
        System.arraycopy(body, 0, all, 2, body.length);
        root.write("w.jsonl", all);
        assertThat(read("w.jsonl", Map.of()).rows()).containsExactly(List.of("1", "Müller"));
    }

    @Test
    void gzipAndZstandardFilesAreDecompressedAsTheyAreRead() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 500; i++) {
            text.append("{\"id\": ").append(i).append(", \"name\": \"n").append(i).append("\"}\n");
        }
        byte[] plain = text.toString().getBytes(StandardCharsets.UTF_8);
        root.write("in/a.jsonl.gz", Compress.gzip(plain));
        root.write("in/b.jsonl.zst", Compress.zstd(plain));
        Read r = read("in/*.jsonl.*", Map.of());
        assertThat(r.rows()).hasSize(1000);
        assertThat(r.rows().get(499)).containsExactly("500", "n500");
        assertThat(r.positions().get(500)).isEqualTo("in/b.jsonl.zst:1");
        root.write("broken.jsonl.gz", Compress.gzip("{\"id\": 1}\n{oops}\n".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> read("broken.jsonl.gz", Map.of())).isInstanceOf(SourceDataException.class)
                .hasMessageStartingWith("broken.jsonl.gz:2:");
    }
}
