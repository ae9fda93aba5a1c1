package io.dativo.core.plugin;

import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.ReaderFactory;
import io.dativo.api.WriterFactory;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Factories around readers and writers registered or named the older way, as classes. They declare no options, so
 * any option is accepted; a reader's incremental strategies are unknown, so none is refused at load (see
 * {@link #declaresStrategies}); a writer takes {@code append} only.
 */
final class LegacyFactories {

    private LegacyFactories() {
    }

    /** Whether {@code factory} says which incremental strategies its readers implement. */
    static boolean declaresStrategies(ReaderFactory factory) {
        return !(factory instanceof Reader);
    }

    static ReaderFactory reader(Supplier<? extends BaseReader> make) {
        return new Reader(make);
    }

    static WriterFactory writer(Supplier<? extends BaseWriter> make) {
        return new Writer(make);
    }

    /** Makes readers of a class; its types were learned once by the catalog, or it was named by class. */
    private record Reader(Supplier<? extends BaseReader> make) implements ReaderFactory {
        @Override
        public Set<String> types() {
            return Set.of();
        }

        @Override
        public BaseReader create() {
            return make.get();
        }
    }

    /** Makes writers of a class. */
    private record Writer(Supplier<? extends BaseWriter> make) implements WriterFactory {
        @Override
        public Set<String> types() {
            return Set.of();
        }

        @Override
        public BaseWriter create() {
            return make.get();
        }
    }
}
