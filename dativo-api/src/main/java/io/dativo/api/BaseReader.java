package io.dativo.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns a source into Arrow batches.
 *
 * <p>Implementations have a public no-argument constructor. For each run the pipeline creates one instance to
 * {@link #planSplits plan} the run's splits, then a fresh instance for each split; each instance gets
 * {@link #open(SourceConfig)} once, then {@link #planSplits} or {@link #extract(ReadContext, BatchSink)}, and always
 * {@link #close()}. A split's reader shares no memory with the planner: it may run in another thread or process.
 * Readers registered in {@code META-INF/services/io.dativo.api.BaseReader} are found by
 * {@link #connectorTypes()}; a job may also name a reader class in {@code source.custom_reader}.
 *
 * <p>Errors: throw {@link RetryableException} for failures worth another attempt (connection lost, throttled) and
 * {@link SourceDataException} for input that cannot be parsed, naming where it is.
 *
 * @since 0.1
 */
public interface BaseReader extends AutoCloseable {

    /** Connector types this reader serves when found through {@link java.util.ServiceLoader}, such as {@code csv}. */
    default Set<String> connectorTypes() {
        return Set.of();
    }

    /** Receives the source configuration (connection, credentials, objects, engine options) before any other call. */
    void open(SourceConfig source) throws Exception;

    /**
     * Plans the run's splits. The default reads the whole source as one split. Readers that can divide their work
     * (files, row groups, key ranges) return several, each carrying in its properties what a fresh reader needs to
     * read it, and may return the state the whole plan covers.
     *
     * @param context the run's context; {@link ReadContext#split()} is the whole source here
     * @since 0.2
     */
    default SplitPlan planSplits(ReadContext context) throws Exception {
        return SplitPlan.whole();
    }

    /**
     * Merges the state two splits proposed for one object into the state the run commits. The default takes the
     * union of the two maps; where both hold a key, nested maps are merged the same way, comparable values of one
     * type keep the larger (a cursor's high-water mark), and otherwise {@code right} wins.
     *
     * @since 0.2
     */
    default Map<String, Object> mergeState(String object, Map<String, Object> left, Map<String, Object> right) {
        return mergeMaps(left, right);
    }

    /**
     * Reads the source (or, when {@link ReadContext#split()} is not the whole source, that split of it) and hands each batch to {@code sink}, which takes ownership of the batch's vectors.
     * Returns when the source is exhausted.
     */
    void extract(ReadContext context, BatchSink sink) throws Exception;

    /** Tests the connection without reading data. */
    default ConnectionCheck checkConnection() {
        return ConnectionCheck.ok("no connection check for this reader");
    }

    /** Lists the objects this reader can read, with their columns where known. */
    default List<DiscoveredObject> discover() throws Exception {
        return List.of();
    }

    /** An estimate of the records {@link #extract} will yield, if the reader can tell cheaply. */
    default OptionalLong totalRecordsEstimate() {
        return OptionalLong.empty();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, Object> mergeMaps(Map<String, Object> left, Map<String, Object> right) {
        Map<String, Object> out = new LinkedHashMap<>(left);
        right.forEach((k, r) -> out.merge(k, r, (l, rr) -> {
            if (l instanceof Map lm && rr instanceof Map rm) {
                return mergeMaps(lm, rm);
            }
            if (l instanceof Comparable lc && rr != null && l.getClass() == rr.getClass()) {
                return lc.compareTo(rr) >= 0 ? l : rr;
            }
            return rr;
        }));
        return out;
    }

    /** Releases connections and files. Called once, also after a failure. */
    @Override
    default void close() throws Exception {
    }
}
