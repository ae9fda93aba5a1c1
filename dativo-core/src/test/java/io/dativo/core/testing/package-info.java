/**
 * Helpers shared by the tests of dativo-core: the reference files, an independent Parquet reader (DuckDB), a
 * leak-checked Arrow allocator and an embedded PostgreSQL server. Test code only; not part of any published jar.
 * This package is public for the module's own use only; the compatibility promise covers {@code io.dativo.core} and
 * {@code io.dativo.api}, not this package.
 */
package io.dativo.core.testing;
