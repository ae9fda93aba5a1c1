/**
 * File formats a writer produces from Arrow batches: Parquet with its codecs, CSV and JSON Lines, and the CSV parser
 * the CSV reader uses. This package is public for the module's own use only; the compatibility promise covers {@code
 * io.dativo.core} and {@code io.dativo.api}, not this package.
 */
package io.dativo.core.format;
