package io.dativo.api;

import java.time.Instant;
import java.util.Map;

/**
 * A committed position of one object: values only its reader interprets (such as a cursor or the files read with
 * their modification times), the run that committed them, and when.
 *
 * @param key         whose state this is
 * @param values      the reader's position, JSON-like (maps, lists, strings, numbers, booleans)
 * @param runId       the run that committed it
 * @param committedAt when that run committed
 * @param origin      where it is kept, for messages, such as a file path; may be {@code null}
 * @since 0.1
 */
public record StateRecord(StateKey key, Map<String, Object> values, String runId, Instant committedAt,
                          String origin) {

    /** Copies the map so the value cannot change. */
    public StateRecord {
        values = Maps.copy(values);
    }
}
