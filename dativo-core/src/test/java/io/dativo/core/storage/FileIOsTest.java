package io.dativo.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.core.testing.InMemoryFileIO;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Storage picked by scheme, and job paths located against the base directory. */
class FileIOsTest {

    @Test
    void schemesPickTheStorage() throws Exception {
        try (FileIOs storage = FileIOs.of(Map.of())) {
            assertThat(storage.forLocation("/data/in.csv")).isInstanceOf(LocalFileIO.class);
            assertThat(storage.forLocation("file:///data/in.csv")).isInstanceOf(LocalFileIO.class);
            assertThat(storage.forLocation("relative/in.csv")).isSameAs(storage.forLocation("/x"));
            assertThat(storage.forLocation("mem://bucket/in.csv")).isSameAs(InMemoryFileIO.shared());
            assertThat(storage.forLocation("MEM://bucket/in.csv")).isSameAs(InMemoryFileIO.shared());
        }
    }

    @Test
    void anUnknownSchemeIsAConfigurationErrorNamingTheModule() throws Exception {
        try (FileIOs storage = FileIOs.of(Map.of("secret_access_key", "hush"))) {
            assertThatThrownBy(() -> storage.forLocation("s3://b/x")).isInstanceOfSatisfying(DativoException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFIG))
                    .hasMessage("no storage for scheme 's3' in 's3://b/x': add io.dativo:dativo-plugins-s3")
                    .message().doesNotContain("hush");
            assertThatThrownBy(() -> storage.forLocation("gs://b/x")).hasMessageContaining(
                    "add a plugin that registers an io.dativo.api.io.FileIOFactory for 'gs'");
        }
    }

    @Test
    void relativePathsAreJoinedToTheBaseAndUrisKept() {
        assertThat(FileIOs.locate("/jobs", "in/../data/*.csv")).isEqualTo("/jobs/data/*.csv");
        assertThat(FileIOs.locate("/jobs", "/abs/a.csv")).isEqualTo("/abs/a.csv");
        assertThat(FileIOs.locate("/jobs", "file:///abs/a.csv")).isEqualTo("/abs/a.csv");
        assertThat(FileIOs.locate("/jobs", "s3://b/raw/*.csv")).isEqualTo("s3://b/raw/*.csv");
        assertThat(FileIOs.locate("s3://b/jobs", "in/a.csv")).isEqualTo("s3://b/jobs/in/a.csv");
        assertThat(FileIOs.scheme("C:/data/a.csv")).isEmpty();
        assertThat(FileIOs.scheme("s3a://b/k")).isEqualTo("s3a");
    }
}
