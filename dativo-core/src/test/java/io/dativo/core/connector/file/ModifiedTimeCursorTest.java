package io.dativo.core.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.SourceConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warning for a glob whose files would each keep a position of their own. */
class ModifiedTimeCursorTest {

    @Test
    void aGlobWithoutAnObjectIsWarnedAboutAndANamedOneIsNot() {
        String warned = stderrOf(List.of(new FileSpec("in/*.csv", null, null), new FileSpec("one.csv", null, null),
                new FileSpec("more/*.csv", "events", null)), "file_modified_time");
        assertThat(warned).contains("source.files[0] ('in/*.csv') names no object")
                .contains("files[0].object").doesNotContain("files[1]").doesNotContain("files[2]");
        assertThat(stderrOf(List.of(new FileSpec("in/*.csv", null, null)), "full_refresh"))
                .as("no position is kept without the strategy").doesNotContain("names no object");
    }

    private static String stderrOf(List<FileSpec> files, String strategy) {
        SourceConfig source = new SourceConfig("csv", null, Map.of(), Map.of(), List.of(), List.of(), null, files,
                new IncrementalSpec(strategy, null, 0, null), Map.of(), null);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new ModifiedTimeCursor(source, null);
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
