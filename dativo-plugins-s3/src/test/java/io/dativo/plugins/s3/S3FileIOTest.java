package io.dativo.plugins.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import io.dativo.api.DativoException;
import io.dativo.api.io.FileEntry;
import io.dativo.api.io.PendingFile;
import io.dativo.api.io.PositionOutputStream;
import io.dativo.api.io.SeekableInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link S3FileIO} against a real S3 server: staging, publishing, aborting, listing and ranged reads. */
class S3FileIOTest {

    private static final String BUCKET = "fileio";
    @RegisterExtension
    static final S3Server server = new S3Server(BUCKET);

    private static S3FileIO io(Map<String, Object> extra) {
        Map<String, Object> c = new LinkedHashMap<>(server.connection(BUCKET, ""));
        c.putAll(extra);
        return new S3FileIO(S3Settings.from(c));
    }

    private static PendingFile write(S3FileIO io, String location, byte[] data, Map<String, String> metadata)
            throws IOException {
        PositionOutputStream out = io.newOutputFile(location, metadata).create();
        out.write(data);
        assertThat(out.position()).isEqualTo(data.length);
        out.close();
        return out.pending();
    }

    @Test
    void aWrittenFileIsInvisibleUntilPublishedAndPublishingTwiceSucceeds() throws Exception {
        try (S3FileIO io = io(Map.of())) {
            PendingFile p = write(io, "s3://fileio/a/x.csv", "id\n1\n".getBytes(), Map.of("dativo.owner", "data-team"));
            assertThat(io.list("s3://fileio/a")).isEmpty();
            assertThat(io.newInputFile("s3://fileio/a/x.csv").exists()).isFalse();
            assertThat(io.listPending("s3://fileio/a")).extracting(PendingFile::location, PendingFile::size)
                    .containsExactly(tuple("s3://fileio/a/x.csv", 5L));

            io.publish(p);
            io.publish(p);
            assertThat(io.list("s3://fileio/a")).extracting(FileEntry::location, FileEntry::size)
                    .containsExactly(tuple("s3://fileio/a/x.csv", 5L));
            assertThat(io.listPending("s3://fileio/a")).isEmpty();
            assertThat(new String(server.bytes(BUCKET, "a/x.csv"))).isEqualTo("id\n1\n");
            assertThat(server.uploadMetadata("a/x.csv")).containsEntry("dativo-owner", "data-team");
        }
    }

    @Test
    void aFileWrittenWholeIsOnePutBelowOnePartAndACompletedUploadFromOnePartOnAndNeverPending() throws Exception {
        try (S3FileIO io = io(Map.of("part_size_mb", 5))) {
            server.takeCalls();
            io.writeWhole("s3://fileio/w/small.json", "{\"a\":1}".getBytes());
            io.writeWhole("s3://fileio/w/small.json", "{\"a\":2}".getBytes());
            assertThat(server.takeCalls()).containsOnly(Map.entry("putBlob", 2L));
            assertThat(new String(server.bytes(BUCKET, "w/small.json"))).isEqualTo("{\"a\":2}");

            byte[] large = new byte[S3Settings.MIN_PART_SIZE + 10];
            new Random(7).nextBytes(large);
            io.writeWhole("s3://fileio/w/large.bin", large);
            assertThat(server.takeCalls()).containsKeys("initiateMultipartUpload", "completeMultipartUpload")
                    .doesNotContainKey("putBlob");
            assertThat(server.bytes(BUCKET, "w/large.bin")).isEqualTo(large);
            assertThat(io.listPending("s3://fileio/w")).isEmpty();
            assertThat(server.uploads(BUCKET)).isZero();
        }
    }

    @Test
    void anAbortedFileNeverAppearsAndAPendingFileListedByAnotherClientCanBePublished() throws Exception {
        try (S3FileIO writer = io(Map.of()); S3FileIO other = io(Map.of())) {
            PendingFile dropped = write(writer, "s3://fileio/b/dropped.bin", new byte[100], Map.of());
            write(writer, "s3://fileio/b/kept.bin", new byte[200], Map.of());
            writer.abort(dropped);
            writer.abort(dropped);
            PendingFile kept = other.listPending("s3://fileio/b").get(0);
            assertThat(kept.location()).isEqualTo("s3://fileio/b/kept.bin");
            other.publish(kept);
            assertThat(server.keys(BUCKET, "b/")).containsExactly("b/kept.bin");
            assertThat(server.uploads(BUCKET)).isZero();
        }
    }

    @Test
    void aLargeFileGoesUpInPartsWithinTheBudgetAndReadsBackByRanges() throws Exception {
        byte[] data = new byte[12 << 20];
        new Random(7).nextBytes(data);
        try (S3FileIO io = io(Map.of("part_size_mb", 5, "max_buffer_mb", 10))) {
            PendingFile p = write(io, "s3a://fileio/c/big.bin", data, Map.of());
            assertThat(p.properties().get(UploadInfo.PARTS).split(",")).hasSize(3);
            assertThat(io.budget().used()).isZero();
            io.publish(p);
            assertThat(io.newInputFile("s3a://fileio/c/big.bin").length()).isEqualTo(data.length);
            try (SeekableInputStream in = io.newInputFile("s3a://fileio/c/big.bin").newStream()) {
                byte[] tail = new byte[8];
                in.seek(data.length - 8);
                in.readFully(tail, 0, 8);
                assertThat(tail).isEqualTo(Arrays.copyOfRange(data, data.length - 8, data.length));
                in.seek(1000);
                byte[] head = new byte[6 << 20];
                in.readFully(head, 0, head.length);
                assertThat(head).isEqualTo(Arrays.copyOfRange(data, 1000, 1000 + head.length));
                assertThat(in.position()).isEqualTo(1000 + head.length);
                in.seek(data.length);
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void moreOpenFilesThanTheBudgetHoldsStillCompleteInterleavedOnOneThread() throws Exception {
        byte[] chunk = new byte[1 << 20];
        new Random(3).nextBytes(chunk);
        try (S3FileIO io = io(Map.of("part_size_mb", 5, "max_buffer_mb", 10))) {
            List<PositionOutputStream> open = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                open.add(io.newOutputFile("s3://fileio/e/f" + i + ".bin").create());
            }
            for (int mb = 0; mb < 12; mb++) {
                for (PositionOutputStream out : open) {
                    out.write(chunk);
                }
            }
            for (PositionOutputStream out : open) {
                out.close();
                io.publish(out.pending());
            }
            assertThat(io.budget().used()).isZero();
            assertThat(io.list("s3://fileio/e")).hasSize(4).allSatisfy(e -> assertThat(e.size()).isEqualTo(12 << 20));
        }
    }

    /**
     * The SDK's protection of request bodies (each byte signed and a checksum with each part), which an endpoint that
     * is not on loopback gets by default, and the loopback default without either: both store the same bytes, and
     * both still sign the request, so a wrong secret is refused either way.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void bodiesGoUpSignedWithChecksumsOrOnLoopbackWithoutAndHeadersAreSignedEitherWay(boolean protect)
            throws Exception {
        Map<String, Object> options = Map.of("payload_signing", protect, "checksums",
                protect ? "when_supported" : "when_required", "part_size_mb", 5);
        byte[] data = new byte[11 << 20];
        new Random(11).nextBytes(data);
        String location = "s3://fileio/g/" + protect + ".bin";
        try (S3FileIO io = io(options)) {
            assertThat(io.settings().signPayload()).isEqualTo(protect);
            assertThat(io.settings().checksums()).isEqualTo(protect);
            io.publish(write(io, location, data, Map.of()));
        }
        assertThat(server.bytes(BUCKET, "g/" + protect + ".bin")).isEqualTo(data);
        Map<String, Object> wrong = new LinkedHashMap<>(options);
        wrong.put("secret_access_key", "wrong-secret-value");
        wrong.put("max_attempts", 1);
        try (S3FileIO io = io(wrong)) {
            assertThatThrownBy(() -> write(io, "s3://fileio/g/refused.bin", data, Map.of()))
                    .hasMessageContaining("HTTP 403");
        }
    }

    @Test
    void filesPublishedTogetherAreEachPublishedAndOneThatCannotBeIsNamedWithoutStoppingTheOthers() throws Exception {
        try (S3FileIO io = io(Map.of())) {
            PendingFile a = write(io, "s3://fileio/p/a.bin", new byte[10], Map.of());
            PendingFile gone = write(io, "s3://fileio/p/gone.bin", new byte[20], Map.of());
            PendingFile c = write(io, "s3://fileio/p/c.bin", new byte[30], Map.of());
            io.abort(gone);
            assertThatThrownBy(() -> io.publishAll(List.of(a, gone, c))).isInstanceOf(IOException.class)
                    .hasMessageContaining("s3://fileio/p/gone.bin").hasMessageContaining("upload is gone")
                    .hasMessageNotContaining(S3Server.SECRET);
            assertThat(server.keys(BUCKET, "p/")).containsExactlyInAnyOrder("p/a.bin", "p/c.bin");

            io.publishAll(List.of(a, c));
            assertThat(io.list("s3://fileio/p")).extracting(FileEntry::location, FileEntry::size)
                    .containsExactlyInAnyOrder(tuple("s3://fileio/p/a.bin", 10L), tuple("s3://fileio/p/c.bin", 30L));
            assertThat(server.uploads(BUCKET)).isZero();
        }
    }

    @Test
    void deletingSeveralFilesIsOneRequestAndAMissingOneIsNoError() throws Exception {
        try (S3FileIO io = io(Map.of())) {
            List<String> files = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                files.add("s3://fileio/del/f" + i + ".json");
                io.writeWhole(files.get(i), "{}".getBytes());
            }
            files.add("s3://fileio/del/never-written.json");
            io.writeWhole("s3://fileio/del/kept.json", "{}".getBytes());
            server.takeCalls();
            io.deleteAll(files);
            assertThat(server.takeCalls()).containsOnly(Map.entry("removeBlobs", 1L));
            assertThat(server.keys(BUCKET, "del/")).containsExactly("del/kept.json");
        }
    }

    /**
     * MinIO refuses a DeleteObjects without a Content-MD5 header, and it cannot run here; s3proxy accepts the request
     * either way, so a stub endpoint (JDK's HTTP server) records the request the client sends instead.
     */
    @ParameterizedTest
    @ValueSource(strings = {"when_required", "when_supported"})
    void deleteObjectsCarriesTheMd5OfItsBodyAsMinioRequires(String checksums) throws Exception {
        AtomicReference<String> md5 = new AtomicReference<>();
        AtomicReference<byte[]> body = new AtomicReference<>();
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            body.set(exchange.getRequestBody().readAllBytes());
            md5.set(exchange.getRequestHeaders().getFirst("Content-MD5"));
            byte[] answer = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><DeleteResult "
                    + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></DeleteResult>").getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        stub.start();
        try (S3FileIO io = new S3FileIO(S3Settings.from(Map.of("endpoint", "127.0.0.1:" + stub.getAddress().getPort(),
                "secure", false, "access_key_id", "a", "secret_access_key", "b", "max_attempts", 1,
                "checksums", checksums)))) {
            io.deleteAll(List.of("s3://any/x.json", "s3://any/y.json"));
        } finally {
            stub.stop(0);
        }
        assertThat(new String(body.get())).contains("<Key>x.json</Key>").contains("<Key>y.json</Key>");
        assertThat(md5.get()).isEqualTo(Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("MD5").digest(body.get())));
    }

    @Test
    void aFileInAMissingBucketOpensAtOnceAndFailsByNameWhenWrittenAndLeavesNothing() throws Exception {
        try (S3FileIO io = io(Map.of())) {
            PositionOutputStream out = io.newOutputFile("s3://no-such-bucket/x/y.bin").create();
            assertThatThrownBy(() -> {
                out.write(new byte[10]);
                out.close();
            }).isInstanceOf(IOException.class).hasMessageContaining("no-such-bucket")
                    .hasMessageContaining("does not exist").hasMessageContaining(server.endpoint().toString())
                    .hasMessageNotContaining(S3Server.SECRET);
            assertThatThrownBy(out::pending).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aPartThatKeepsFailingFailsTheFileAndAbortsItsUpload() throws Exception {
        server.fail("uploadMultipartPart", "d/fails.bin", 500, -1);
        try (S3FileIO io = io(Map.of("max_attempts", 2))) {
            PositionOutputStream out = io.newOutputFile("s3://fileio/d/fails.bin").create();
            out.write(new byte[10]);
            assertThatThrownBy(out::close).isInstanceOf(IOException.class)
                    .hasMessageContaining("s3://fileio/d/fails.bin").hasMessageContaining(server.endpoint().toString())
                    .hasMessageContaining("HTTP 500").hasMessageNotContaining(S3Server.SECRET);
            assertThat(io.listPending("s3://fileio/d")).isEmpty();
        } finally {
            server.heal();
        }
    }

    @Test
    void aMissingBucketAndWrongKeysAreNamedWithoutTheSecret() throws Exception {
        try (S3FileIO io = io(Map.of())) {
            assertThatThrownBy(() -> io.list("s3://no-such-bucket/x")).hasMessageContaining("no-such-bucket")
                    .hasMessageContaining("does not exist").hasMessageContaining(server.endpoint().toString());
        }
        try (S3FileIO io = io(Map.of("secret_access_key", "wrong-secret-value", "max_attempts", 1))) {
            assertThatThrownBy(() -> io.list("s3://fileio/x")).hasMessageContaining("s3://fileio/x")
                    .hasMessageContaining("HTTP 403").hasMessageNotContaining("wrong-secret-value");
        }
        try (S3FileIO io = new S3FileIO(S3Settings.from(Map.of("endpoint", "127.0.0.1:1", "secure", false,
                "access_key_id", "a", "secret_access_key", "hidden-secret", "max_attempts", 1)))) {
            assertThatThrownBy(() -> io.list("s3://fileio/x")).hasMessageContaining("http://127.0.0.1:1")
                    .hasMessageContaining("unreachable").hasMessageNotContaining("hidden-secret");
        }
    }

    private static S3Settings settings(String prefix, Object... extra) {
        Map<String, Object> c = new LinkedHashMap<>(server.connection(BUCKET, prefix));
        for (int i = 0; i < extra.length; i += 2) {
            c.put(extra[i].toString(), extra[i + 1]);
        }
        return S3Settings.from(c);
    }

    @Test
    void fileIosOfTheSameClientSettingsShareOneClientUntilTheLastOfThemCloses() throws Exception {
        S3ClientCache cache = new S3ClientCache(Duration.ZERO, S3Clients::create);
        S3FileIO first = new S3FileIO(settings("a"), cache);
        S3FileIO second = new S3FileIO(settings("b", "part_size_mb", 6), cache);
        S3FileIO retries = new S3FileIO(settings("a", "max_attempts", 2), cache);
        S3FileIO wrong = new S3FileIO(settings("a", "secret_access_key", "wrong-secret-value", "max_attempts", 2),
                cache);
        assertThat(second.client()).as("prefix and part size are not client settings").isSameAs(first.client());
        assertThat(retries.client()).isNotSameAs(first.client());
        assertThat(wrong.client()).isNotSameAs(first.client()).isNotSameAs(retries.client());
        assertThat(cache.open()).isEqualTo(3);
        assertThatThrownBy(() -> wrong.list("s3://fileio/shared")).hasMessageContaining("HTTP 403");
        wrong.close();
        retries.close();
        assertThat(cache.open()).isEqualTo(1);

        S3Client shared = first.client();
        first.close();
        first.close();
        second.writeWhole("s3://fileio/shared/x.txt", "x".getBytes());
        assertThat(second.list("s3://fileio/shared")).extracting(FileEntry::location)
                .containsExactly("s3://fileio/shared/x.txt");
        second.close();
        assertThat(cache.open()).isZero();
        assertThatThrownBy(() -> shared.listObjectsV2(b -> b.bucket(BUCKET))).as("closed with its last holder")
                .hasMessageContaining("shut down");
        assertThat(S3ClientCache.Key.of(settings("a")).toString()).contains(S3Server.ACCESS)
                .doesNotContain(S3Server.SECRET).doesNotContain(S3ClientCache.Key.of(settings("a")).secretDigest());
    }

    @Test
    void aClientNoOneHoldsIsKeptForTheLingerTimeThenClosed() throws Exception {
        S3ClientCache cache = new S3ClientCache(Duration.ofMillis(200), S3Clients::create);
        S3Client client;
        try (S3FileIO io = new S3FileIO(settings("a"), cache)) {
            client = io.client();
        }
        try (S3FileIO io = new S3FileIO(settings("b"), cache)) {
            assertThat(io.client()).as("taken again within the linger time").isSameAs(client);
            assertThat(io.list("s3://fileio/nothing-here")).isEmpty();
        }
        assertThat(cache.created()).isEqualTo(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cache.open() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(cache.open()).isZero();
        assertThatThrownBy(() -> client.listObjectsV2(b -> b.bucket(BUCKET))).hasMessageContaining("shut down");
    }

    @Test
    void settingsReadBothConnectionFormsAndCompleteTheEndpoint() {
        S3Settings flat = S3Settings.from(Map.of("endpoint", "minio:9000", "secure", "false", "bucket", "b",
                "prefix", "/raw/x/", "access_key_id", "k", "secret_access_key", "s3cr3t-value"));
        assertThat(flat.endpoint()).hasToString("http://minio:9000");
        assertThat(flat.pathStyle()).isTrue();
        assertThat(flat.region()).isEqualTo("us-east-1");
        assertThat(flat.prefix()).isEqualTo("raw/x");
        assertThat(flat.toString()).doesNotContain("s3cr3t-value");
        S3Settings nested = S3Settings.from(Map.of("s3", Map.of("bucket", "n", "endpoint", "s3.amazonaws.com",
                "region", "eu-west-1")));
        assertThat(nested.bucket()).isEqualTo("n");
        assertThat(nested.endpoint()).hasToString("https://s3.amazonaws.com");
        assertThat(nested.pathStyle()).isFalse();
        assertThat(S3Settings.from(Map.of("endpoint", "http://localhost:9000", "path_style_access", false))
                .pathStyle()).isFalse();
        assertThatThrownBy(() -> S3Settings.from(Map.of("secure", "maybe"))).isInstanceOf(DativoException.class)
                .hasMessageContaining("connection.secure");
        assertThat(flat.signPayload()).isTrue();
        assertThat(flat.checksums()).isTrue();
        assertThat(nested.signPayload()).isTrue();
        for (String local : List.of("http://localhost:9000", "http://127.0.0.1:9000", "http://[::1]:9000")) {
            S3Settings s = S3Settings.from(Map.of("endpoint", local));
            assertThat(s.signPayload()).as(local).isFalse();
            assertThat(s.checksums()).as(local).isFalse();
        }
        assertThat(S3Settings.from(Map.of("endpoint", "http://127.0.0.1:9000", "checksums", "WHEN_SUPPORTED"))
                .checksums()).isTrue();
        assertThatThrownBy(() -> S3Settings.from(Map.of("checksums", "always"))).isInstanceOf(DativoException.class)
                .hasMessageContaining("connection.checksums");
    }
}
