package io.dativo.examples.http;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import io.dativo.api.SourceConfig;
import io.dativo.testkit.ReaderContractTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The JSON API reader passes the reader contract of dativo-testkit against a local server. */
// tag::reader-test[]
class JsonApiReaderContractTest extends ReaderContractTest {

    static final AssetDefinition ITEMS = AssetDefinition.of("items", List.of(
            FieldSpec.of("id", DataType.LONG, true), FieldSpec.of("name", DataType.STRING, true),
            FieldSpec.of("score", DataType.DOUBLE, false), FieldSpec.of("active", DataType.BOOLEAN, false),
            FieldSpec.of("address", DataType.JSON, false)));

    static JsonApiServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new JsonApiServer().object("items", 25).object("empty", 0).object("long", 1_000_000);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static SourceConfig source(String object, String token) {
        return SourceConfig.builder("json-api").objects(List.of(object))
                .connection(Map.of("base_url", server.baseUrl())).credentials(Map.of("token", token))
                .engineOptions(Map.of("page_size", 10)).build();
    }

    @Override
    protected BaseReader newReader() {
        return new JsonApiReader();
    }

    @Override
    protected AssetDefinition asset() {
        return ITEMS;
    }

    @Override
    protected SourceConfig source() {
        return source("items", JsonApiServer.TOKEN);
    }

    @Override
    protected List<Map<String, Object>> expectedRecords() {
        return LongStream.rangeClosed(1, 25).mapToObj(JsonApiServer::item).toList();
    }

    @Override
    protected Optional<SourceConfig> emptySource() {
        return Optional.of(source("empty", JsonApiServer.TOKEN));
    }

    @Override
    protected Optional<SourceConfig> wrongSource() {
        return Optional.of(source("items", "wrong-token"));
    }

    @Override
    protected SourceConfig longSource() {
        return source("long", JsonApiServer.TOKEN);
    }
}
// end::reader-test[]
