package io.dativo.api;

import java.util.List;
import java.util.Objects;

/**
 * One option a reader or writer accepts in its {@code engine.options} (or {@code connection}), declared by its
 * factory so that a job's options are checked when it is loaded, not when it runs, and secrets are masked by name.
 *
 * @param name         the key
 * @param type         what its value must be
 * @param defaultValue the value used when it is absent, or {@code null}
 * @param required     whether it must be given
 * @param secret       whether its value is a secret, masked in logs, errors and results
 * @param description  one line for error messages and documentation
 * @param choices      the values allowed, compared without regard to case; empty allows any value of the type
 * @since 0.2
 */
public record OptionSpec(String name, Type type, Object defaultValue, boolean required, boolean secret,
                         String description, List<String> choices) {

    /** The kinds of value an option takes. */
    public enum Type {
        /** Any text. */
        STRING,
        /** A whole number (a number or text holding one). */
        INTEGER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A list of text values (a single value is taken as a list of one). */
        LIST,
        /** A map. */
        MAP,
        /** Anything. */
        ANY
    }

    /** Checks the name and type. */
    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** An option taking any value of its type. */
    public OptionSpec(String name, Type type, Object defaultValue, boolean required, boolean secret,
                      String description) {
        this(name, type, defaultValue, required, secret, description, List.of());
    }

    /** An optional option with a default. */
    public static OptionSpec optional(String name, Type type, Object defaultValue, String description) {
        return new OptionSpec(name, type, defaultValue, false, false, description);
    }

    /** A required option. */
    public static OptionSpec required(String name, Type type, String description) {
        return new OptionSpec(name, type, null, true, false, description);
    }

    /** An optional text option that takes one of {@code choices}. */
    public static OptionSpec choice(String name, String defaultValue, String description, String... choices) {
        return new OptionSpec(name, Type.STRING, defaultValue, false, false, description, List.of(choices));
    }

    /** A secret option (a password, a key). */
    public static OptionSpec secret(String name, String description) {
        return new OptionSpec(name, Type.STRING, null, false, true, description);
    }
}
