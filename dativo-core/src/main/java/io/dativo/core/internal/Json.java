package io.dativo.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
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

    private Json() {
    }
}
