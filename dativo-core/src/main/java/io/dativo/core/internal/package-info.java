/**
 * Low-level support used throughout dativo-core: the shared JSON mapper, Arrow set-up checks and class preloading.
 * This package is public for the module's own use only; the compatibility promise covers {@code io.dativo.core} and
 * {@code io.dativo.api}, not this package.
 */
package io.dativo.core.internal;
