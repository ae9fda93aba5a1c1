/**
 * Where incremental state is kept (files, a JDBC database or memory, and the choice among them for a job), and the
 * bounded position of a file source ({@code FileWatermark}). This package is public for the module's own use only;
 * the compatibility promise covers {@code io.dativo.core} and {@code io.dativo.api}, not this package.
 */
package io.dativo.core.state;
