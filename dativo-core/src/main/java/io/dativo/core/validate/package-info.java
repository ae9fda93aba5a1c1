/**
 * Checking records against the data contract: converting source batches to the contract's Arrow schema, the typed
 * coercions, and the counts and errors a run reports ({@link io.dativo.core.validate.ValidationSummary}, {@link
 * io.dativo.core.validate.ValidationError}). This package is public for the module's own use only; the compatibility
 * promise covers {@code io.dativo.core} and {@code io.dativo.api}, not this package.
 */
package io.dativo.core.validate;
