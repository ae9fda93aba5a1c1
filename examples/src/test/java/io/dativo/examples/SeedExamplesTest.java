package io.dativo.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dativo.api.FileMetadata;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.config.JobLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed guide's API reader and Avro writer run from their jars alone in one job ({@code api-job/job.yaml}):
 * neither plugin nor Avro is on this module's class path, so the job works only if the loader takes them from the
 * jars and the Avro writer's jar carries Avro.
 */
class SeedExamplesTest {

    static final String TOKEN = "api-t0ken-never-shown";
    static final int ITEMS = 45;
    static final Pattern PAGE = Pattern.compile("page=(\\d+)&page_size=(\\d+)");

    @TempDir
    Path out;
    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/items", this::page);
        server.start();
    }

    @AfterEach
    void stopApi() {
        server.stop(0);
    }

    /** Pages of {@code page_size} items; 401 without the token. */
    private void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher m = PAGE.matcher(exchange.getRequestURI().getRawQuery());
            requests.add(m.find() ? m.group() + (("Bearer " + TOKEN).equals(auth) ? " authorized" : "") : "?");
            if (!("Bearer " + TOKEN).equals(auth)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            int page = Integer.parseInt(m.group(1));
            int size = Integer.parseInt(m.group(2));
            StringBuilder body = new StringBuilder("{\"items\":[");
            int last = Math.min(ITEMS, page * size);
            for (int i = (page - 1) * size + 1; i <= last; i++) {
                body.append(i == (page - 1) * size + 1 ? "" : ",").append("{\"id\":").append(i)
                        .append(",\"name\":\"item ").append(i).append("\",\"score\":").append(i / 4.0)
                        .append(",\"active\":").append(i % 2 == 0).append('}');
            }
            byte[] bytes = body.append("],\"has_next\":").append(last < ITEMS).append('}').toString()
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(bytes);
            }
        }
    }

    @Test
    void theApiReaderAndTheAvroWriterRunFromTheirJars() throws Exception {
        assertThatThrownBy(() -> Class.forName("org.apache.avro.Schema")).as("Avro is not on the class path")
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("io.dativo.examples.http.JsonApiReader"))
                .isInstanceOf(ClassNotFoundException.class);
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
        RunResult r = Pipeline.fromYaml(Path.of("api-job/job.yaml"), new JobLoader().withBaseDir(Path.of("api-job"))
                .withVariables(Map.of("API_URL", url, "API_TOKEN", TOKEN, "DATIVO_OUT", out.toString()))).run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.recordsWritten()).isEqualTo(ITEMS);
        // Besides the pages, the reader may ask for a page of one item to estimate the total.
        assertThat(requests).allMatch(q -> q.endsWith(" authorized")).filteredOn(q -> q.contains("page_size=20"))
                .containsExactly("page=1&page_size=20 authorized", "page=2&page_size=20 authorized",
                        "page=3&page_size=20 authorized");
        assertThat(r.files()).isNotEmpty().extracting(FileMetadata::path).allSatisfy(p -> {
            assertThat(p).endsWith(".avro");
            try (InputStream in = Files.newInputStream(Path.of(p))) {
                assertThat(in.readNBytes(4)).as("the Avro container magic").containsExactly('O', 'b', 'j', 1);
            }
        });
        assertThat(r.toString()).doesNotContain(TOKEN);
    }
}
