package io.dativo.api;

/**
 * Identifies the incremental state of one object of one job.
 *
 * @param tenantId the tenant
 * @param job      the job's name
 * @param object   the source object, such as a table or a file's object name
 * @since 0.1
 */
public record StateKey(String tenantId, String job, String object) {
}
