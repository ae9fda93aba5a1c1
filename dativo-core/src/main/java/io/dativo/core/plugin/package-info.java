/**
 * Finding readers and writers: through {@link java.util.ServiceLoader} by connector type, or by class name in a
 * plugin jar or on the classpath. This package is public for the module's own use only; the compatibility promise
 * covers {@code io.dativo.core} and {@code io.dativo.api}, not this package.
 */
package io.dativo.core.plugin;
