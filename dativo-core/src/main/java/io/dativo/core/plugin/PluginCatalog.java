package io.dativo.core.plugin;

import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.ReaderFactory;
import io.dativo.api.WriterFactory;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The readers and writers registered in a class loader: factories from {@code META-INF/services/io.dativo.api.
 * ReaderFactory} and {@code ...WriterFactory}, which are asked for their types without making a reader or writer,
 * and older registrations as {@code io.dativo.api.BaseReader} and {@code ...BaseWriter}, made once to ask their
 * {@code connectorTypes()} and wrapped as factories without declared options. A factory wins over an older
 * registration for the same type; an older registration whose every type a factory serves is left out, so nothing is
 * listed twice. Registrations that cannot be loaded are kept with the reason.
 *
 * @param readers   the reader factories, factories first
 * @param writers   the writer factories, factories first
 * @param notLoaded what could not be loaded, as {@code class or jar: reason}
 */
public record PluginCatalog(List<Found<ReaderFactory>> readers, List<Found<WriterFactory>> writers,
                            List<String> notLoaded) {

    /** One registration: its factory, the types it serves, its class and where that class comes from. */
    public record Found<F>(F factory, Set<String> types, String className, String location, boolean legacy) {
    }

    /** Copies the lists. */
    public PluginCatalog {
        readers = List.copyOf(readers);
        writers = List.copyOf(writers);
        notLoaded = List.copyOf(notLoaded);
    }

    private static final class BuiltIn {
        static final PluginCatalog INSTANCE = scan(Plugins.class.getClassLoader(), null);
    }

    /** The registrations on dativo-core's class path, scanned once. */
    public static PluginCatalog builtIn() {
        return BuiltIn.INSTANCE;
    }

    /**
     * The registrations visible to {@code loader}; with {@code only} set, just those whose classes {@code only}
     * itself defines (a plugin jar's own, not its parent's).
     */
    public static PluginCatalog scan(ClassLoader loader, ClassLoader only) {
        List<String> broken = new ArrayList<>();
        List<Found<ReaderFactory>> readers = factories(ReaderFactory.class, loader, only, ReaderFactory::types,
                broken);
        List<Found<WriterFactory>> writers = factories(WriterFactory.class, loader, only, WriterFactory::types,
                broken);
        legacy(BaseReader.class, loader, only, BaseReader::connectorTypes, readers,
                p -> LegacyFactories.reader(p::get), broken);
        legacy(BaseWriter.class, loader, only, BaseWriter::connectorTypes, writers,
                p -> LegacyFactories.writer(p::get), broken);
        return new PluginCatalog(readers, writers, broken);
    }

    /** The reader factory serving {@code type}. */
    public Optional<ReaderFactory> reader(String type) {
        if (type == null) {
            return Optional.empty();
        }
        return readers.stream().filter(f -> f.types().contains(type)).map(Found::factory).findFirst();
    }

    /** The writer factory serving {@code type}. */
    public Optional<WriterFactory> writer(String type) {
        if (type == null) {
            return Optional.empty();
        }
        return writers.stream().filter(f -> f.types().contains(type)).map(Found::factory).findFirst();
    }

    /** Every type the readers ({@code readers} true) or the writers serve, sorted. */
    public Set<String> types(boolean ofReaders) {
        Set<String> out = new TreeSet<>();
        (ofReaders ? readers : writers).forEach(f -> out.addAll(((Found<?>) f).types()));
        return out;
    }

    private static <F> List<Found<F>> factories(Class<F> kind, ClassLoader loader, ClassLoader only,
                                                Function<F, Set<String>> typesOf, List<String> broken) {
        List<Found<F>> out = new ArrayList<>();
        for (ServiceLoader.Provider<F> p : providers(kind, loader, only, broken)) {
            try {
                F factory = p.get();
                out.add(new Found<>(factory, Set.copyOf(typesOf.apply(factory)), p.type().getName(),
                        location(p.type()), false));
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                broken.add(p.type().getName() + ": " + reason(e));
            }
        }
        return out;
    }

    private static <T, F> void legacy(Class<T> kind, ClassLoader loader, ClassLoader only,
                                      Function<T, Set<String>> typesOf, List<Found<F>> into,
                                      Function<ServiceLoader.Provider<T>, F> wrap, List<String> broken) {
        Set<String> served = new TreeSet<>();
        into.forEach(f -> served.addAll(f.types()));
        for (ServiceLoader.Provider<T> p : providers(kind, loader, only, broken)) {
            Set<String> types;
            try {
                T instance = p.get();
                types = Set.copyOf(typesOf.apply(instance));
                if (instance instanceof AutoCloseable c) {
                    c.close();
                }
            } catch (Exception | ServiceConfigurationError | LinkageError e) {
                broken.add(p.type().getName() + ": " + reason(e));
                continue;
            }
            if (types.isEmpty() || !served.containsAll(types)) {
                into.add(new Found<>(wrap.apply(p), types, p.type().getName(), location(p.type()), true));
                served.addAll(types);
            }
        }
    }

    private static <T> List<ServiceLoader.Provider<T>> providers(Class<T> kind, ClassLoader loader,
                                                               ClassLoader only, List<String> broken) {
        List<ServiceLoader.Provider<T>> out = new ArrayList<>();
        Iterator<ServiceLoader.Provider<T>> it = ServiceLoader.load(kind, loader).stream().iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return out;
                }
                ServiceLoader.Provider<T> p = it.next();
                if (only == null || p.type().getClassLoader() == only) {
                    out.add(p);
                }
            } catch (ServiceConfigurationError e) {
                broken.add(kind.getSimpleName() + " registration: " + e.getMessage());
            }
        }
    }

    private static String location(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? "" : source.getLocation().toString();
        } catch (SecurityException e) {
            return "";
        }
    }

    private static String reason(Throwable e) {
        Throwable cause = e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
        return String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause);
    }
}
