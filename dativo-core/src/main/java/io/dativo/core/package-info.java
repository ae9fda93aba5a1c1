/**
 * The embeddable Dativo pipeline. Start with {@link io.dativo.core.Pipeline}: {@code Pipeline.fromYaml(path).run()}
 * runs a YAML job; {@link io.dativo.core.Pipeline#builder()} builds the same run in code. Both return a
 * {@link io.dativo.core.RunResult}.
 *
 * <p>This package and {@code io.dativo.api} are the compatibility promise. The sub-packages of {@code io.dativo.core}
 * ({@code config}, {@code validate}, {@code format}, {@code state} and the rest) are public only so that the module's
 * packages can use each other, and may change in any release.
 */
package io.dativo.core;
