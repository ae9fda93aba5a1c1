package io.dativo.core.plugin;

import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.DativoException;
import io.dativo.api.ReaderFactory;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.api.WriterFactory;
import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds readers and writers through their factories: by connector type in the {@link PluginCatalog}, or by a class
 * name, optionally in a jar ({@code path/to/plugin.jar:com.acme.MyReader}) loaded in a class loader of its own. A
 * named class may be a factory or, as before factories, a reader or writer.
 */
public final class Plugins {

    /** A plugin instance and the class loader to close after the run, if it has one. */
    public record Loaded<T>(T instance, Closeable loader) implements Closeable {
        @Override
        public void close() throws IOException {
            if (loader != null) {
                loader.close();
            }
        }
    }

    private static final String CLASS_NAME = "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*";

    private Plugins() {
    }

    /**
     * The jar of a {@code path/to/plugin.jar:com.acme.Class} plugin name, as written; empty for a class name alone.
     */
    public static Optional<String> jarOf(String spec) {
        int colon = spec == null ? -1 : spec.lastIndexOf(':');
        return colon > 0 && spec.substring(0, colon).endsWith(".jar") ? Optional.of(spec.substring(0, colon))
                : Optional.empty();
    }

    /** The plugin named by {@code spec}, which must implement {@code type}; made at once. */
    public static <T> Loaded<T> byClass(Class<T> type, String spec, Path baseDir) {
        Resolved r = resolve(spec, baseDir);
        try {
            if (!type.isAssignableFrom(r.cls())) {
                throw new DativoException("Class '" + r.name() + "' must implement " + type.getSimpleName());
            }
            return new Loaded<>(instantiate(type, r), r.loader());
        } catch (RuntimeException e) {
            closeQuietly(r.loader());
            throw e;
        }
    }

    /**
     * The factory of the source's reader: the class named in {@code custom_reader} (a {@link ReaderFactory}, or a
     * {@link BaseReader} wrapped as one) or the registration serving its connector type. Nothing is made but a
     * factory.
     */
    public static Loaded<ReaderFactory> readerFactory(SourceConfig source) {
        if (source.customReader() != null) {
            return factoryByClass(ReaderFactory.class, BaseReader.class, source.customReader(),
                    Path.of(source.baseDir()), LegacyFactories::reader);
        }
        PluginCatalog catalog = PluginCatalog.builtIn();
        return new Loaded<>(catalog.reader(source.type()).orElseThrow(() -> none(catalog, true, source.type())),
                null);
    }

    /** The factory of the target's writer, found as {@link #readerFactory} finds a reader's. */
    public static Loaded<WriterFactory> writerFactory(TargetConfig target) {
        if (target.customWriter() != null) {
            return factoryByClass(WriterFactory.class, BaseWriter.class, target.customWriter(),
                    Path.of(target.baseDir()), LegacyFactories::writer);
        }
        PluginCatalog catalog = PluginCatalog.builtIn();
        return new Loaded<>(catalog.writer(target.type()).orElseThrow(() -> none(catalog, false, target.type())),
                null);
    }

    /** A new reader for {@code source}, from its factory. */
    public static Loaded<BaseReader> reader(SourceConfig source) {
        Loaded<ReaderFactory> f = readerFactory(source);
        return made(f, () -> f.instance().create());
    }

    /** A new writer for {@code target}, from its factory. */
    public static Loaded<BaseWriter> writer(TargetConfig target) {
        Loaded<WriterFactory> f = writerFactory(target);
        return made(f, () -> f.instance().create());
    }

    /**
     * Whether {@code factory} declares the incremental strategies of its readers; a reader registered or named as a
     * class does not, and no strategy is refused for it before it runs.
     */
    public static boolean declaresStrategies(ReaderFactory factory) {
        return LegacyFactories.declaresStrategies(factory);
    }

    private static <T> Loaded<T> made(Loaded<?> factory, Supplier<T> make) {
        try {
            return new Loaded<>(make.get(), factory.loader());
        } catch (RuntimeException e) {
            closeQuietly(factory.loader());
            throw e;
        }
    }

    private static DativoException none(PluginCatalog catalog, boolean reader, String type) {
        String role = reader ? "reader" : "writer";
        Set<String> known = catalog.types(reader);
        return new DativoException("No " + role + " for connector type '" + type + "'; installed " + role
                + "s serve: " + (known.isEmpty() ? "none" : String.join(", ", known))
                + (catalog.notLoaded().isEmpty() ? "" : "; could not load: " + String.join("; ", catalog.notLoaded()))
                + ". Add the plugin's jar to the classpath or name a class in "
                + (reader ? "source.custom_reader" : "target.custom_writer"));
    }

    private static <F, T> Loaded<F> factoryByClass(Class<F> factoryType, Class<T> pluginType, String spec,
                                                   Path baseDir, Function<Supplier<T>, F> wrap) {
        Resolved r = resolve(spec, baseDir);
        try {
            if (factoryType.isAssignableFrom(r.cls())) {
                return new Loaded<>(instantiate(factoryType, r), r.loader());
            }
            if (!pluginType.isAssignableFrom(r.cls())) {
                throw new DativoException("Class '" + r.name() + "' must implement " + pluginType.getSimpleName()
                        + " or " + factoryType.getSimpleName());
            }
            return new Loaded<>(wrap.apply(() -> instantiate(pluginType, r)), r.loader());
        } catch (RuntimeException e) {
            closeQuietly(r.loader());
            throw e;
        }
    }

    /** A class found by name, and the jar's class loader it came from, if any. */
    private record Resolved(Class<?> cls, String name, URLClassLoader loader) {
    }

    private static Resolved resolve(String spec, Path baseDir) {
        ClassLoader parent = Plugins.class.getClassLoader();
        String className;
        URLClassLoader jarLoader = null;
        String where;
        Optional<String> jarName = jarOf(spec);
        if (jarName.isPresent()) {
            String jar = jarName.get();
            className = spec.substring(jar.length() + 1).trim();
            Path jarPath = baseDir.resolve(jar).normalize();
            if (!Files.isRegularFile(jarPath)) {
                throw new DativoException("Plugin jar not found: " + jar + " (resolved to " + jarPath + ")");
            }
            if (!className.matches(CLASS_NAME)) {
                throw new DativoException("Invalid plugin '" + spec + "': expected path/to/plugin.jar:com.acme.ClassName");
            }
            try {
                jarLoader = new URLClassLoader("dativo-plugin:" + jarPath.getFileName(),
                        new URL[]{jarPath.toUri().toURL()}, parent);
            } catch (MalformedURLException e) {
                throw new DativoException("Plugin jar path is not valid: " + jar, e);
            }
            where = jar;
        } else if (spec.contains(":") || spec.contains("/") || spec.isBlank() || !spec.matches(CLASS_NAME)) {
            throw new DativoException("Invalid plugin '" + spec + "': expected a class name (com.acme.ClassName) or "
                    + "a jar and a class (path/to/plugin.jar:com.acme.ClassName)");
        } else {
            className = spec;
            where = "the classpath";
        }
        try {
            return new Resolved(Class.forName(className, false, jarLoader != null ? jarLoader : parent), className,
                    jarLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            closeQuietly(jarLoader);
            throw new DativoException("Class '" + className + "' not found in " + where
                    + (e instanceof LinkageError ? " (" + e + ")" : ""));
        }
    }

    private static <T> T instantiate(Class<T> type, Resolved r) {
        String className = r.name();
        if (Modifier.isAbstract(r.cls().getModifiers())) {
            throw new DativoException("Class '" + className + "' is abstract; name a concrete " + type.getSimpleName());
        }
        Constructor<?> ctor;
        try {
            ctor = r.cls().getConstructor();
        } catch (NoSuchMethodException e) {
            throw new DativoException("Class '" + className + "' needs a public constructor without arguments");
        }
        try {
            return type.cast(ctor.newInstance());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new DativoException("Constructor of '" + className + "' failed: " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new DativoException("Cannot create '" + className + "': " + e, e);
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing was loaded from it
            }
        }
    }
}
