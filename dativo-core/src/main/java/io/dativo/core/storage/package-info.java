/**
 * Where files are: the {@link io.dativo.api.io.FileIO} of a location picked by its URI scheme
 * ({@link io.dativo.core.storage.FileIOs}, with the local implementation {@link io.dativo.core.storage.LocalFileIO}),
 * the source files a job names with their globs matched over {@code FileIO} listings, source streams decompressed
 * and decoded to UTF-8, the output base of an asset under a target, and how values become path segments. This
 * package is public for the module's own use only; the compatibility promise covers {@code io.dativo.core} and
 * {@code io.dativo.api}, not this package.
 */
package io.dativo.core.storage;
