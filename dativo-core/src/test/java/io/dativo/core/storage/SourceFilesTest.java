package io.dativo.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.core.testing.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Source globs expanded over a FileIO's listing, on local files and in memory. */
@ParameterizedClass(name = "{0}")
@EnumSource(Storage.class)
class SourceFilesTest {

    @Parameter
    Storage storage;
    @TempDir
    Path dir;
    Storage.Root root;

    @BeforeEach
    void files() {
        root = storage.root(dir);
        for (String f : List.of("in/b.csv", "in/a.csv", "in/a.json", "in/c1.csv", "in/2024/01/d.csv",
                "in/2024/12/e.csv", "in/_SUCCESS", "in/_temporary/0/f.csv", "in/.g.csv", "in/.h.csv.dativo-pending",
                "in/x/.cache/i.csv", "other/j.csv")) {
            root.write(f, "a\n1\n");
        }
    }

    private List<String> labels(String... patterns) {
        List<FileSpec> specs = Arrays.stream(patterns).map(p -> new FileSpec(p, null, null)).toList();
        SourceConfig source = new SourceConfig("csv", null, Map.of(), Map.of(), List.of(), List.of(), null, specs,
                null, Map.of(), root.base());
        try (FileIOs storage = FileIOs.forSource(source)) {
            return SourceFiles.expand(source, storage).stream().map(SourceFiles.Entry::label).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void wildcardsMatchAsJavaGlobsDoAndResultsAreSortedByLocation() {
        assertThat(labels("in/*.csv")).containsExactly("in/a.csv", "in/b.csv", "in/c1.csv");
        assertThat(labels("in/**.csv")).containsExactly("in/2024/01/d.csv", "in/2024/12/e.csv", "in/a.csv",
                "in/b.csv", "in/c1.csv");
        assertThat(labels("in/?.csv")).containsExactly("in/a.csv", "in/b.csv");
        assertThat(labels("in/[bc]*.csv")).containsExactly("in/b.csv", "in/c1.csv");
        assertThat(labels("in/a.{csv,json}")).containsExactly("in/a.csv", "in/a.json");
        assertThat(labels("in/2024/*/*.csv")).containsExactly("in/2024/01/d.csv", "in/2024/12/e.csv");
        assertThat(labels("in/2024/1?/*.csv", "other/*.csv")).containsExactly("in/2024/12/e.csv", "other/j.csv");
    }

    @Test
    void hiddenFilesAndFoldersNeverMatchButANamedFileIsRead() {
        assertThat(labels("in/**")).doesNotContain("in/_SUCCESS", "in/_temporary/0/f.csv", "in/.g.csv",
                "in/.h.csv.dativo-pending", "in/x/.cache/i.csv").hasSize(6);
        assertThat(labels("in/.g.csv")).containsExactly("in/.g.csv");
    }

    @Test
    void aGlobMatchingNothingAddsNothingAndAMissingFileIsAnError() {
        assertThat(labels("in/*.parquet", "nowhere/**.csv")).isEmpty();
        assertThatThrownBy(() -> labels("in/missing.csv")).hasMessageContaining("source file not found: in/missing.csv");
    }

    @Test
    void entriesCarryLocationSizeModifiedTimeAndObject() {
        Instant t = Instant.parse("2025-03-04T05:06:07Z");
        root.touch("in/a.csv", t);
        SourceConfig source = new SourceConfig("csv", null, Map.of(), Map.of(), List.of(), List.of(), null,
                List.of(new FileSpec("in/a.*", null, null), new FileSpec("in/b.csv", "bees", null)), null, Map.of(),
                root.base());
        List<SourceFiles.Entry> entries = SourceFiles.expand(source, FileIOs.forSource(source));
        assertThat(entries.get(0)).isEqualTo(new SourceFiles.Entry(root.location("in/a.csv"), "in/a.csv", "a", 4, t));
        assertThat(entries.get(2).object()).isEqualTo("bees");
        assertThat(entries.get(2).location()).isEqualTo(root.location("in/b.csv"));
    }
}
