/**
 * Where files are: listing the source files a job names, the output base of an asset under a target, and how values
 * become path segments. This package is public for the module's own use only; the compatibility promise covers
 * {@code io.dativo.core} and {@code io.dativo.api}, not this package.
 */
package io.dativo.core.storage;
