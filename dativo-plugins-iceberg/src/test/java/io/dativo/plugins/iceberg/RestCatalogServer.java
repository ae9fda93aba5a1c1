package io.dativo.plugins.iceberg;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.RESTCatalogProperties;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * An Iceberg REST catalog in the test JVM: the JDK's HTTP server routing the REST paths a writer uses (config,
 * namespaces, tables: exists, load, create and staged create, commit) to Iceberg's own {@link CatalogHandlers} over a backing catalog,
 * as Iceberg's RESTCatalogAdapter does. It records every request and its Authorization header.
 */
final class RestCatalogServer implements AutoCloseable {

    private final HttpServer server;
    private final Catalog backing;
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    RestCatalogServer(Catalog backing) throws IOException {
        this.backing = backing;
        mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());
        RESTSerializers.registerAll(mapper);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> authorizations() {
        return authorizations;
    }

    /** Each request as its method and path, in order. */
    List<String> requests() {
        return requests;
    }

    private void handle(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "" : auth);
        requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath());
        try {
            Object response = route(ex.getRequestMethod(), ex.getRequestURI().getRawPath().replaceAll("^/v1/?", "")
                    .split("/"), ex);
            if (response == null) {
                ex.sendResponseHeaders(204, -1);
            } else {
                send(ex, 200, response);
            }
        } catch (NoSuchTableException | NoSuchNamespaceException e) {
            error(ex, 404, e);
        } catch (AlreadyExistsException | CommitFailedException e) {
            error(ex, 409, e);
        } catch (RuntimeException e) {
            error(ex, 500, e);
        } finally {
            ex.close();
        }
    }

    private Object route(String method, String[] p, HttpExchange ex) throws IOException {
        SupportsNamespaces ns = (SupportsNamespaces) backing;
        if (p.length == 1 && p[0].equals("config")) {
            return ConfigResponse.builder().build();
        }
        if (p.length == 1 && p[0].equals("namespaces")) {
            return method.equals("POST") ? CatalogHandlers.createNamespace(ns, read(ex, CreateNamespaceRequest.class))
                    : CatalogHandlers.listNamespaces(ns, Namespace.empty());
        }
        Namespace namespace = namespace(p[1]);
        if (p.length == 2) {
            if (method.equals("HEAD")) {
                CatalogHandlers.namespaceExists(ns, namespace);
                return null;
            }
            return CatalogHandlers.loadNamespace(ns, namespace);
        }
        if (p.length == 3) {
            if (!method.equals("POST")) {
                return CatalogHandlers.listTables(backing, namespace);
            }
            CreateTableRequest create = read(ex, CreateTableRequest.class);
            return create.stageCreate() ? CatalogHandlers.stageTableCreate(backing, namespace, create)
                    : CatalogHandlers.createTable(backing, namespace, create);
        }
        if (p.length == 5 && p[4].equals("metrics")) {
            return null;
        }
        TableIdentifier id = TableIdentifier.of(namespace, URLDecoder.decode(p[3], StandardCharsets.UTF_8));
        return switch (method) {
            case "HEAD" -> {
                CatalogHandlers.tableExists(backing, id);
                yield null;
            }
            case "POST" -> CatalogHandlers.updateTable(backing, id, read(ex, UpdateTableRequest.class));
            default -> CatalogHandlers.loadTable(backing, id, RESTCatalogProperties.SnapshotMode.ALL);
        };
    }

    private static Namespace namespace(String segment) {
        return Namespace.of(URLDecoder.decode(segment, StandardCharsets.UTF_8).split("\u001f"));
    }

    private <T> T read(HttpExchange ex, Class<T> type) throws IOException {
        return mapper.readValue(ex.getRequestBody(), type);
    }

    private void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void error(HttpExchange ex, int status, RuntimeException e) throws IOException {
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        send(ex, status, ErrorResponse.builder().responseCode(status).withType(e.getClass().getSimpleName())
                .withMessage(String.valueOf(e.getMessage())).build());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
