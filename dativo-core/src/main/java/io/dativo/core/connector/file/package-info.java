/**
 * The built-in file connectors: the CSV and JSON Lines readers, which share
 * {@link io.dativo.core.connector.file.FileSourceReader} (files through {@code FileIO}, the modified-time cursor,
 * splits packed by size), and the local file writer. They are found through {@link java.util.ServiceLoader};
 * nothing else in dativo-core refers to them. This package is public for the module's own use only; the
 * compatibility promise covers {@code io.dativo.core} and {@code io.dativo.api}, not this package.
 */
package io.dativo.core.connector.file;
