package io.dativo.api;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns a source into Arrow batches.
 *
 * <p>Implementations have a public no-argument constructor. The pipeline creates one instance per run, calls
 * {@link #open(SourceConfig)} once, then {@link #extract(ReadContext, BatchSink)}, and always {@link #close()}.
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
     * Reads the source and hands each batch to {@code sink}, which takes ownership of the batch's vectors.
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

    /** Releases connections and files. Called once, also after a failure. */
    @Override
    default void close() throws Exception {
    }
}
