/**
 * Small helpers over Arrow vectors shared by validation and the file formats: text columns, validity bitmaps and the
 * canonical text of a value. This package is public for the module's own use only; the compatibility promise covers
 * {@code io.dativo.core} and {@code io.dativo.api}, not this package.
 */
package io.dativo.core.vector;
