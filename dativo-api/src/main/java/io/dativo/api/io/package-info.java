/**
 * Storage: where formats read and write bytes, on the model of Apache Iceberg's {@code FileIO}.
 *
 * <p>A {@link io.dativo.api.io.FileIO} opens {@link io.dativo.api.io.InputFile}s for ranged reads and
 * {@link io.dativo.api.io.OutputFile}s whose bytes stay invisible until they are published. Closing an output
 * stream yields a {@link io.dativo.api.io.PendingFile}: a small serialisable value that any process can later
 * {@link io.dativo.api.io.FileIO#publish publish} or {@link io.dativo.api.io.FileIO#abort abort}, so files staged on
 * one machine can be committed on another. Implementations are found by URI scheme through
 * {@link io.dativo.api.io.FileIOFactory} services; a storage plugin (S3, GCS, Azure) compiles against this package
 * alone.
 *
 * @since 0.2
 */
package io.dativo.api.io;
