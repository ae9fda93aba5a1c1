package io.dativo.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reading side reaches storage only through {@code FileIO}: outside {@link LocalFileIO}, no reader, reading
 * format or source-file code of the storage, format and file-connector packages uses {@code java.nio.file}. The
 * writing side (writers, output layout) is checked by its own rule.
 */
class StorageSeamTest {

    private static final Path MAIN = Path.of("src/main/java/io/dativo/core");

    @Test
    void readersAndSourceFilesUseNoJavaNioFile() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String pkg : List.of("storage", "format", "connector/file")) {
            try (Stream<Path> files = Files.list(MAIN.resolve(pkg))) {
                for (Path f : files.filter(StorageSeamTest::readingSide).toList()) {
                    if (Files.readString(f).contains("java.nio.file")) {
                        offenders.add(MAIN.relativize(f).toString());
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static boolean readingSide(Path f) {
        String name = f.getFileName().toString();
        return name.endsWith(".java") && !name.equals("LocalFileIO.java") && !name.contains("Writer")
                && !name.contains("Output") && !name.equals("TextFormats.java");
    }
}
