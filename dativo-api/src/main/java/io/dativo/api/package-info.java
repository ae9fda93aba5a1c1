/**
 * The Dativo plugin SPI. A plugin author compiles against this package only: a {@link io.dativo.api.BaseReader}
 * turns a source into Arrow batches, a {@link io.dativo.api.BaseWriter} turns batches into a target. Both are found
 * through {@link java.util.ServiceLoader} by connector type, or named by class in a job.
 *
 * @since 0.1
 */
package io.dativo.api;
