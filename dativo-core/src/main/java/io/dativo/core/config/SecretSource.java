package io.dativo.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code ${NAME}} variables in job, recipe and contract files get their values. Values from a source whose
 * {@link #secret()} is true are masked wherever they could be printed.
 */
public interface SecretSource {

    /** The value of {@code name}, or empty if this source does not have it. */
    Optional<String> lookup(String name);

    /** Whether every value of this source is a secret. */
    default boolean secret() {
        return true;
    }

    /** The process environment. Its values are masked only where they land under a secret-named key. */
    static SecretSource environment() {
        return new SecretSource() {
            @Override
            public Optional<String> lookup(String name) {
                return Optional.ofNullable(System.getenv(name));
            }

            @Override
            public boolean secret() {
                return false;
            }
        };
    }

    /** Fixed values, such as those a host application passes in; not treated as secrets. */
    static SecretSource of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new SecretSource() {
            @Override
            public Optional<String> lookup(String name) {
                return Optional.ofNullable(copy.get(name));
            }

            @Override
            public boolean secret() {
                return false;
            }
        };
    }

    /**
     * A directory with one file per secret, named after the variable (as Docker and Kubernetes mount secrets);
     * the file's content, without a trailing line break, is the value.
     */
    static SecretSource directory(Path dir) {
        return name -> {
            if (!name.matches("[A-Za-z0-9_.-]+")) {
                return Optional.empty();
            }
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8).stripTrailing());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read secret file " + file, e);
            }
        };
    }
}
