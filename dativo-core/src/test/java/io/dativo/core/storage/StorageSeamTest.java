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
 * Formats and file connectors reach storage only through {@code FileIO}: outside {@link LocalFileIO}, no class of the
 * storage, format and file-connector packages uses {@code java.nio.file}, and none spells an object-store scheme.
 */
class StorageSeamTest {

    private static final Path MAIN = Path.of("src/main/java/io/dativo/core");

    @Test
    void formatsAndFileConnectorsUseNoJavaNioFileNorObjectStoreSchemes() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String pkg : List.of("storage", "format", "connector/file")) {
            try (Stream<Path> files = Files.list(MAIN.resolve(pkg))) {
                for (Path f : files.filter(StorageSeamTest::outsideLocalFileIO).toList()) {
                    String text = Files.readString(f);
                    if (text.contains("java.nio.file") || text.contains("\"s3://")) {
                        offenders.add(MAIN.relativize(f).toString());
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static boolean outsideLocalFileIO(Path f) {
        String name = f.getFileName().toString();
        return name.endsWith(".java") && !name.equals("LocalFileIO.java");
    }
}
