package io.dativo.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.BaseReader;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.RetryableException;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceConfig;
import io.dativo.testkit.Records;
import io.dativo.testkit.TestReadContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.LongStream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the JSON API reader does beyond the kit's rules: pages requested with the token and the engine options'
 * page size, 429 retried after its {@code Retry-After} and 5xx after a back-off, retries bounded, and the token in
 * no log record and no message.
 */
class JsonApiReaderTest {

    static JsonApiServer server;

    /** Every record the reader logs, at every level, formatted as a handler would print it. */
    final List<String> logged = new CopyOnWriteArrayList<>();
    final Logger log = Logger.getLogger(JsonApiReader.class.getName());
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(new SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void startServer() throws Exception {
        server = new JsonApiServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void captureLogs() {
        log.setLevel(Level.ALL);
        log.setUseParentHandlers(false);
        log.addHandler(capture);
    }

    @AfterEach
    void tokenNeverLogged() {
        log.removeHandler(capture);
        log.setUseParentHandlers(true);
        assertThat(logged).noneMatch(m -> m.contains(JsonApiServer.TOKEN));
    }

    static SourceConfig source(String object, Map<String, Object> options) {
        return SourceConfig.builder("json-api").objects(List.of(object))
                .connection(Map.of("base_url", server.baseUrl())).credentials(Map.of("token", JsonApiServer.TOKEN))
                .engineOptions(options).build();
    }

    /** The records a whole read yields, one list per batch. */
    static List<List<Map<String, String>>> read(SourceConfig source) throws Exception {
        List<List<Map<String, String>>> batches = new ArrayList<>();
        try (RootAllocator allocator = new RootAllocator(); JsonApiReader reader = new JsonApiReader()) {
            reader.open(source);
            reader.extract(TestReadContext.builder(allocator, JsonApiReaderContractTest.ITEMS).build(),
                    (SourceBatch batch) -> {
                        try (VectorSchemaRoot root = batch.root()) {
                            batches.add(Records.of(JsonApiReaderContractTest.ITEMS, root));
                        }
                    });
        }
        return batches;
    }

    @Test
    void itsServiceEntryRegistersItForTheConnectorTypeJsonApi() {
        assertThat(ServiceLoader.load(BaseReader.class)).anySatisfy(r -> assertThat(r)
                .isInstanceOf(JsonApiReader.class).satisfies(j -> assertThat(j.connectorTypes())
                        .containsExactly("json-api")));
    }

    @Test
    void readsPageAfterPageWithTheTokenAndThePageSizeOfTheEngineOptions() throws Exception {
        server.object("pages", 23);
        List<List<Map<String, String>>> batches = read(source("pages", Map.of("page_size", 10)));
        assertThat(batches).extracting(List::size).containsExactly(10, 10, 3);
        assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(Records.of(
                JsonApiReaderContractTest.ITEMS, LongStream.rangeClosed(1, 23).mapToObj(JsonApiServer::item)
                        .toList()));
        assertThat(server.requests("pages")).extracting(JsonApiServer.Request::page).containsExactly(1, 2, 3);
        assertThat(server.requests("pages")).allSatisfy(r -> {
            assertThat(r.pageSize()).isEqualTo(10);
            assertThat(r.authorized()).isTrue();
        });
    }

    @Test
    void theBatchSizeIsThePageSizeWhenNoneIsGivenAndTheApisTotalsAreTheEstimate() throws Exception {
        server.object("sized", 12).object("more", 30);
        SourceConfig source = SourceConfig.builder("json-api").objects(List.of("sized", "more"))
                .connection(Map.of("base_url", server.baseUrl())).credentials(Map.of("token", JsonApiServer.TOKEN))
                .engineOptions(Map.of("batch_size", 5)).build();
        try (JsonApiReader reader = new JsonApiReader()) {
            reader.open(source);
            assertThat(reader.totalRecordsEstimate()).hasValue(42);
        }
        assertThat(read(source)).extracting(List::size).containsExactly(5, 5, 2, 5, 5, 5, 5, 5, 5);
        assertThat(server.requests("sized")).extracting(JsonApiServer.Request::pageSize).containsExactly(1, 5, 5, 5);
    }

    @Test
    void retriesA429AfterItsRetryAfterAndA5xxAfterABackOff() throws Exception {
        server.object("throttled", 5).fail("throttled", 429, 1).fail("throttled", 503, -1);
        List<List<Map<String, String>>> batches = read(source("throttled", Map.of("page_size", 10,
                "retry_backoff_ms", 10)));
        assertThat(batches).singleElement().satisfies(b -> assertThat(b).hasSize(5));
        List<JsonApiServer.Request> requests = server.requests("throttled");
        assertThat(requests).hasSize(3);
        assertThat(requests.get(1).nanos() - requests.get(0).nanos()).as("the wait Retry-After asked for")
                .isGreaterThanOrEqualTo(1_000_000_000L);
        assertThat(logged).anyMatch(m -> m.contains("answered 429")).anyMatch(m -> m.contains("answered 503"));
    }

    @Test
    void givesUpAfterMaxRetriesWithARetryableError() {
        server.object("down", 5);
        for (int i = 0; i < 5; i++) {
            server.fail("down", 500, -1);
        }
        assertThatThrownBy(() -> read(source("down", Map.of("max_retries", 2, "retry_backoff_ms", 5))))
                .isInstanceOfSatisfying(RetryableException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
                    assertThat(e.getMessage()).contains("answered 500 3 times").doesNotContain(JsonApiServer.TOKEN);
                });
        assertThat(server.requests("down")).hasSize(3);
    }

    @Test
    void aWrongTokenFailsTheCheckAndTheReadWithoutShowingAToken() throws Exception {
        server.object("secured", 5);
        SourceConfig wrong = SourceConfig.builder("json-api").objects(List.of("secured"))
                .connection(Map.of("base_url", server.baseUrl())).credentials(Map.of("token", "wrong-"
                        + JsonApiServer.TOKEN)).build();
        try (JsonApiReader reader = new JsonApiReader()) {
            reader.open(wrong);
            assertThat(reader.checkConnection()).satisfies(c -> {
                assertThat(c.success()).isFalse();
                assertThat(c.errorCode()).isEqualTo("HTTP_401");
                assertThat(c.message()).contains("credentials.token").doesNotContain(JsonApiServer.TOKEN);
            });
        }
        assertThatThrownBy(() -> read(wrong)).isInstanceOfSatisfying(DativoException.class, e -> assertThat(e.kind())
                .isEqualTo(ErrorKind.CONFIG)).hasMessageContaining("answered 401")
                .hasMessageNotContaining(JsonApiServer.TOKEN);
        assertThat(wrong.toString()).doesNotContain(JsonApiServer.TOKEN);
    }
}
