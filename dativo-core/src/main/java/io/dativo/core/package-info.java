/**
 * The embeddable Dativo pipeline. Start with {@link io.dativo.core.Pipeline}: {@code Pipeline.fromYaml(path).run()}
 * runs a YAML job; {@link io.dativo.core.Pipeline#builder()} builds the same run in code. Both return a
 * {@link io.dativo.core.RunResult}.
 */
package io.dativo.core;
