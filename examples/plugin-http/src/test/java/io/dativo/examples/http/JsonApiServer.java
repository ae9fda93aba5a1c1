package io.dativo.examples.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A paginated JSON API on the loopback interface, as the example reader expects one: {@code GET /{object}?page=N
 * &page_size=M} with {@code Authorization: Bearer {TOKEN}} answers {@code {"items": [...], "has_next": ..., "total": ...}} from
 * the object's generated items; 401 without the token. Answers planned with {@link #fail} come first, and every
 * request is recorded.
 */
final class JsonApiServer implements AutoCloseable {

    /** The token the server accepts. */
    static final String TOKEN = "tok-5ecret-d0-not-log";

    /** One request as the server saw it. */
    record Request(String object, int page, int pageSize, boolean authorized, long nanos) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Long> sizes = new ConcurrentHashMap<>();
    private final Map<String, Deque<int[]>> planned = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    JsonApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
    }

    /** The base URL of the API. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    /** Serves {@code object} with {@code count} items. */
    JsonApiServer object(String object, long count) {
        sizes.put(object, count);
        return this;
    }

    /** The next request for {@code object} is answered {@code status}, with {@code Retry-After} unless negative. */
    JsonApiServer fail(String object, int status, int retryAfterSeconds) {
        planned.computeIfAbsent(object, o -> new ArrayDeque<>()).add(new int[] {status, retryAfterSeconds});
        return this;
    }

    /** The requests for {@code object} so far. */
    List<Request> requests(String object) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.object().equals(object)).toList();
        }
    }

    /** Item {@code i}: a record with a nested object, which the reader passes on as JSON text. */
    static Map<String, Object> item(long i) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", i);
        item.put("name", "name \"" + i + "\"");
        item.put("score", i * 0.5);
        item.put("active", i % 2 == 0);
        item.put("address", "{\"city\":\"c" + i + "\"}");
        return item;
    }

    private static String itemJson(long i) {
        return "{\"id\":" + i + ",\"name\":\"name \\\"" + i + "\\\"\",\"score\":" + (i * 0.5) + ",\"active\":"
                + (i % 2 == 0) + ",\"address\":{\"city\":\"c" + i + "\"}}";
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String object = exchange.getRequestURI().getPath().substring("/api/".length());
            Map<String, String> query = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            for (String pair : raw == null ? new String[0] : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            int page = Integer.parseInt(query.getOrDefault("page", "1"));
            int pageSize = Integer.parseInt(query.getOrDefault("page_size", "100"));
            boolean authorized = ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            requests.add(new Request(object, page, pageSize, authorized, System.nanoTime()));
            if (!authorized) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            Deque<int[]> faults = planned.get(object);
            int[] fault = faults == null ? null : faults.poll();
            if (fault != null) {
                if (fault[1] >= 0) {
                    exchange.getResponseHeaders().add("Retry-After", Integer.toString(fault[1]));
                }
                exchange.sendResponseHeaders(fault[0], -1);
                return;
            }
            Long size = sizes.get(object);
            if (size == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            long from = (long) (page - 1) * pageSize;
            long to = Math.min(size, from + pageSize);
            StringBuilder body = new StringBuilder("{\"page\":" + page + ",\"items\":[");
            for (long i = from; i < to; i++) {
                body.append(i == from ? "" : ",").append(itemJson(i + 1));
            }
            body.append("],\"has_next\":").append(to < size).append(",\"total\":").append(size).append('}');
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
