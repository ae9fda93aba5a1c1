package io.dativo.core;

import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.core.plugin.Plugins;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Where a pipeline's readers and writers come from: the host's supplier, or the connector the job names (found by
 * type, or a class in {@code custom_reader}/{@code custom_writer}), a fresh instance each time.
 */
final class Connectors {

    private Connectors() {
    }

    static Supplier<Plugins.Loaded<BaseReader>> readers(Supplier<? extends BaseReader> given, SourceConfig source) {
        if (given != null) {
            return () -> new Plugins.Loaded<>(given.get(), null);
        }
        return () -> Plugins.reader(source);
    }

    static Supplier<Plugins.Loaded<BaseWriter>> writers(Supplier<? extends BaseWriter> given, TargetConfig target) {
        if (given != null) {
            return () -> new Plugins.Loaded<>(given.get(), null);
        }
        return () -> Plugins.writer(target);
    }

    /**
     * A supplier of one instance, given once: instances are closed after use, so a second request (a second run, a
     * retry, a check before the run) is refused, naming the way to supply fresh ones.
     */
    static <T> Supplier<T> once(T instance, String role) {
        AtomicBoolean given = new AtomicBoolean();
        return () -> {
            if (given.getAndSet(true)) {
                throw new IllegalStateException("the " + role + " instance given to Pipeline.builder()." + role
                        + "(...) serves one use (one attempt of one run) and was used already; pass a Supplier that "
                        + "makes a fresh " + role + " to run again, retry or check first");
            }
            return instance;
        };
    }
}
