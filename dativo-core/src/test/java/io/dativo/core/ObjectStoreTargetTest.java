package io.dativo.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.FileMetadata;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.io.FileEntry;
import io.dativo.core.testing.InMemoryFileIO;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file target on storage other than the local disk: a target whose {@code connection.path} is a URI is written
 * through the {@code FileIO} its scheme names, here the in-memory store the tests register for {@code mem://} (an
 * object store cannot run in this module's tests; the S3 module tests the same path against a real S3 server).
 */
class ObjectStoreTargetTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    private static final AssetDefinition ORDERS = AssetDefinition.of("orders", List.of(
            FieldSpec.of("id", DataType.LONG, true), FieldSpec.of("city", DataType.STRING, false)));

    @Test
    void aTargetUriIsWrittenThroughTheStorageOfItsSchemeAndCommittedThere() throws Exception {
        Files.writeString(dir.resolve("orders.csv"), "id,city\n1,Oslo\n2,Lima\n3,Kyiv\n");
        String bucket = InMemoryFileIO.newBucket();
        TargetConfig target = new TargetConfig("local", null, Map.of("path", bucket + "/lake", "prefix", "raw"),
                Map.of(), Map.of(), "csv", "none", List.of(), 128, "append", Map.of(), dir.toString());
        RunResult r = Pipeline.builder().tenant("acme").asset(ORDERS)
                .source(SourceConfig.ofFiles("csv", List.of(new FileSpec(dir.resolve("orders.csv").toString(),
                        "orders", null)), Map.of()))
                .target(target).allocator(allocator).build().run();
        assertThat(r.succeeded()).as(r.error()).isTrue();

        InMemoryFileIO store = InMemoryFileIO.shared();
        assertThat(r.files()).singleElement().extracting(FileMetadata::path).asString()
                .startsWith(bucket + "/lake/raw/orders/part-" + r.runId());
        String written = new String(store.bytes(r.files().get(0).path()), StandardCharsets.UTF_8);
        assertThat(written.lines()).containsExactly("id,city", "1,Oslo", "2,Lima", "3,Kyiv");
        assertThat(store.listPending(bucket)).isEmpty();
        assertThat(store.list(bucket + "/lake/raw/orders")).extracting(FileEntry::location)
                .anyMatch(l -> l.contains("/.dativo-staging/manifests/acme/"))
                .noneMatch(l -> l.contains("/.dativo-staging/" + r.runId()));
        assertThat(dir.resolve("lake")).doesNotExist();
    }
}
