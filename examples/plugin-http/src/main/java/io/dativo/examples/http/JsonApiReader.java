package io.dativo.examples.http;

import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DativoException;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.ErrorKind;
import io.dativo.api.ReadContext;
import io.dativo.api.RetryableException;
import io.dativo.api.Rows;
import io.dativo.api.SourceBatch;
import io.dativo.api.SourceConfig;
import io.dativo.api.SourceDataException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An example reader of a paginated JSON API. For each of {@code source.objects} (by default {@code data}) it
 * requests {@code {base_url}/{object}?page=N&page_size=M} with the bearer token {@code credentials.token}, page
 * after page while the answer's {@code has_next} is true; each page's {@code items} (JSON objects) become one batch.
 * Answers 429 (after {@code Retry-After}) and 5xx are retried, up to {@code max_retries} times; then the read fails
 * with a {@link RetryableException}, so the pipeline may retry the split; other answers fail as configuration
 * errors. The token is sent in a header only: it is
 * never logged nor put in a message.
 *
 * <p>Settings: {@code connection.base_url} (required); engine options {@code page_size} (by default
 * {@code batch_size}, else 100), {@code max_retries}
 * (3), {@code retry_backoff_ms} (500, doubled per attempt for 5xx answers and failed connections),
 * {@code max_retry_after_s} (60, the longest {@code Retry-After} waited for), {@code timeout_s} (30, per request).
 */
public class JsonApiReader implements BaseReader {

    private static final System.Logger LOG = System.getLogger(JsonApiReader.class.getName());

    private HttpClient client;
    private URI baseUrl;
    private String token;
    private List<String> objects;
    private int pageSize;
    private int maxRetries;
    private Duration backoff;
    private Duration maxRetryAfter;
    private Duration timeout;

    @Override
    public Set<String> connectorTypes() {
        return Set.of("json-api");
    }

    // tag::open[]
    @Override
    public void open(SourceConfig source) {
        Object url = source.connection().get("base_url");
        if (url == null) {
            throw new IllegalArgumentException("source.connection.base_url is not set");
        }
        String base = url.toString();
        baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        Object secret = source.credentials().get("token");
        token = secret == null ? null : secret.toString();
        objects = source.objects().isEmpty() ? List.of("data") : source.objects();
        pageSize = Integer.parseInt(source.option("page_size", source.option("batch_size", "100")));
        maxRetries = Integer.parseInt(source.option("max_retries", "3"));
        backoff = Duration.ofMillis(Long.parseLong(source.option("retry_backoff_ms", "500")));
        maxRetryAfter = Duration.ofSeconds(Long.parseLong(source.option("max_retry_after_s", "60")));
        timeout = Duration.ofSeconds(Long.parseLong(source.option("timeout_s", "30")));
        client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }
    // end::open[]

    @Override
    public ConnectionCheck checkConnection() {
        URI uri = page(objects.get(0), 1, 1);
        try {
            HttpResponse<String> answer = client.send(request(uri), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? ConnectionCheck.ok("GET " + uri + " answered 200")
                    : ConnectionCheck.failed("HTTP_" + answer.statusCode(), "GET " + uri + " answered "
                    + answer.statusCode() + (answer.statusCode() == 401 ? ": check credentials.token" : ""));
        } catch (IOException e) {
            return ConnectionCheck.failed("UNREACHABLE", "GET " + uri + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConnectionCheck.failed("INTERRUPTED", "GET " + uri + " was interrupted");
        }
    }

    /**
     * The sum of the {@code total} the first page of each object reports, where the API reports one; asked with a
     * page of one item, and without retries, since an estimate is not worth waiting for.
     */
    @Override
    public OptionalLong totalRecordsEstimate() {
        long total = 0;
        for (String object : objects) {
            try {
                HttpResponse<String> answer = client.send(request(page(object, 1, 1)),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200 || !(document(page(object, 1, 1), answer.body())
                        .get("total") instanceof Long n)) {
                    return OptionalLong.empty();
                }
                total += n;
            } catch (IOException | RuntimeException e) {
                return OptionalLong.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(total);
    }

    /** The objects of the job; their columns are known only once read. */
    @Override
    public List<DiscoveredObject> discover() {
        return objects.stream().map(o -> new DiscoveredObject(o, List.of())).toList();
    }

    // tag::extract[]
    @Override
    public void extract(ReadContext context, BatchSink sink) throws Exception {
        for (String object : objects) {
            for (int page = 1; !context.cancelled(); page++) {
                URI uri = page(object, page, pageSize);
                Optional<String> body = get(uri, context);
                if (body.isEmpty()) {
                    return;
                }
                Map<String, Object> answer = document(uri, body.get());
                List<Map<String, Object>> rows = items(uri, answer.get("items"));
                if (rows.isEmpty()) {
                    break;
                }
                sink.accept(SourceBatch.of(Rows.toArrow(rows, context.allocator()), object, uri.toString()));
                if (!Boolean.TRUE.equals(answer.get("has_next"))) {
                    break;
                }
            }
        }
    }
    // end::extract[]

    private URI page(String object, int page, int size) {
        return baseUrl.resolve(object + "?page=" + page + "&page_size=" + size);
    }

    private HttpRequest request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.GET().build();
    }

    // tag::retries[]
    /** The body of a 200 answer to GET {@code uri}, retrying 429 and 5xx answers; empty if the run is cancelled. */
    private Optional<String> get(URI uri, ReadContext context) throws Exception {
        for (int attempt = 1; ; attempt++) {
            LOG.log(Level.DEBUG, "GET {0} (attempt {1})", uri, attempt);
            HttpResponse<String> answer;
            try {
                answer = client.send(request(uri), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt > maxRetries) {
                    throw new RetryableException("GET " + uri + " failed " + attempt + " times: " + e, e);
                }
                if (!pause(uri, "failed: " + e, backoff.multipliedBy(1L << (attempt - 1)), attempt, context)) {
                    return Optional.empty();
                }
                continue;
            }
            int status = answer.statusCode();
            if (status == 200) {
                return Optional.of(answer.body());
            }
            boolean retryable = status == 429 || status >= 500;
            if (!retryable) {
                // Another attempt would get the same answer: the job's settings must change.
                throw new DativoException(ErrorKind.CONFIG, "GET " + uri + " answered " + status
                        + (status == 401 || status == 403 ? ": check credentials.token" : ""), null);
            }
            if (attempt > maxRetries) {
                throw new RetryableException("GET " + uri + " answered " + status + " " + attempt + " times", null);
            }
            Duration wait = status == 429 ? retryAfter(answer).orElse(backoff)
                    : backoff.multipliedBy(1L << (attempt - 1));
            if (!pause(uri, "answered " + status, wait, attempt, context)) {
                return Optional.empty();
            }
        }
    }

    /** The wait an answer's {@code Retry-After} asks for, in seconds, up to {@code max_retry_after_s}. */
    private Optional<Duration> retryAfter(HttpResponse<?> answer) {
        return answer.headers().firstValue("Retry-After").filter(v -> v.trim().matches("\\d+"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v.trim())))
                .map(d -> d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d);
    }
    // end::retries[]

    /** Waits {@code wait} in short steps, so a cancelled run stops waiting; false if the run was cancelled. */
    private boolean pause(URI uri, String what, Duration wait, int attempt, ReadContext context)
            throws InterruptedException {
        LOG.log(Level.WARNING, "GET {0} {1}; retry {2} of {3} in {4} ms", uri, what, attempt, maxRetries,
                wait.toMillis());
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            if (context.cancelled()) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(50, (until - System.nanoTime()) / 1_000_000)));
        }
        return !context.cancelled();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(URI uri, String body) {
        try {
            if (Json.parse(body) instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (IllegalArgumentException e) {
            throw new SourceDataException(uri.toString(), "the answer is " + e.getMessage());
        }
        throw new SourceDataException(uri.toString(), "the answer is not a JSON object");
    }

    /** The page's items as rows; nested objects and arrays become their JSON text. */
    private static List<Map<String, Object>> items(URI uri, Object items) {
        if (items == null) {
            return List.of();
        }
        if (!(items instanceof List<?> list)) {
            throw new SourceDataException(uri.toString(), "'items' is not an array");
        }
        List<Map<String, Object>> rows = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new SourceDataException(uri.toString(), "an item is not a JSON object: " + item);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            map.forEach((k, v) -> row.put(k.toString(), v instanceof Map || v instanceof List ? Json.print(v) : v));
            rows.add(row);
        }
        return rows;
    }
}
