/**
 * The JUnit 5 kit for Dativo plugins and modules. {@link io.dativo.testkit.ReaderContractTest} and
 * {@link io.dativo.testkit.WriterContractTest} check a reader or writer against the contract the pipeline relies on,
 * each rule a named test; {@link io.dativo.testkit.TestReadContext} and {@link io.dativo.testkit.TestWriteContext}
 * run one outside a pipeline; {@link io.dativo.testkit.Records} compares values and builds batches. Also
 * {@link io.dativo.testkit.LeakCheckedAllocator} (a JUnit extension failing a test that leaks Arrow memory),
 * {@link io.dativo.testkit.PostgresServer} (a real PostgreSQL server) and {@link io.dativo.testkit.DuckDb} (an
 * independent reader of the Parquet files a run wrote). For test scope only.
 */
package io.dativo.testkit;
