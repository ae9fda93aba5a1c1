package io.dativo.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The JSON mapper shared by the core, created when first used, so that a run that reads and writes no JSON does
 * not wait for Jackson to start.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Indented output, for files people read: manifests, state, schemas. */
    static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }
}
