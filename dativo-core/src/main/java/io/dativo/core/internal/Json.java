package io.dativo.core.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The JSON mapper shared by the core, created when first used, so that a run that reads and writes no JSON does
 * not wait for Jackson to start.
 */
public final class Json {

    /** The shared mapper; configured once, used by every reader and writer of JSON in the core. */
    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** Indented output, for files people read: manifests, state, schemas. */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();
    /**
     * Reads exactly one JSON document: anything after it but blanks is an error, since a value such as
     * {@code {"a":1} garbage} or {@code 1 2} is not one document and readers of the output would refuse it.
     */
    public static final ObjectReader ONE_DOCUMENT = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }
}
