/**
 * Reading jobs: the YAML parser with line and column positions, the shapes the job, recipe and contract files are
 * checked against, variable and secret substitution, and the {@link io.dativo.core.config.JobSpec} a job file loads
 * into. Used by the pipeline and the command line. This package is public for the module's own use only; the
 * compatibility promise covers {@code io.dativo.core} and {@code io.dativo.api}, not this package.
 */
package io.dativo.core.config;
