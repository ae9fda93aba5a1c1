/**
 * Helpers of dativo-core's own tests: the reference files, job files and output listings; the helpers several
 * modules share (leak-checked allocator, embedded PostgreSQL, DuckDB read-back) are in {@code io.dativo.testkit}.
 * Test code only; not part of any published jar.
 */
package io.dativo.core.testing;
