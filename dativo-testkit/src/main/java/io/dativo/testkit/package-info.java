/**
 * Test helpers that several Dativo modules, and plugin authors, need: {@link io.dativo.testkit.LeakCheckedAllocator}
 * (a JUnit extension failing a test that leaks Arrow memory), {@link io.dativo.testkit.PostgresServer} (a real
 * PostgreSQL server) and {@link io.dativo.testkit.DuckDb} (an independent reader of the Parquet files a run wrote).
 * For test scope only.
 */
package io.dativo.testkit;
