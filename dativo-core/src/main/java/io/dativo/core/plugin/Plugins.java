package io.dativo.core.plugin;

import io.dativo.api.DativoException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Finds readers and writers: by connector type through {@link ServiceLoader}, or by a class name, optionally in a
 * jar ({@code path/to/plugin.jar:com.acme.MyReader}) loaded in a class loader of its own.
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

    private Plugins() {
    }

    /** The plugin named by {@code spec}, which must implement {@code type}. */
    public static <T> Loaded<T> byClass(Class<T> type, String spec, Path baseDir) {
        ClassLoader parent = Plugins.class.getClassLoader();
        String className;
        URLClassLoader jarLoader = null;
        String where;
        int colon = spec.lastIndexOf(':');
        if (colon > 0 && spec.substring(0, colon).endsWith(".jar")) {
            String jar = spec.substring(0, colon);
            className = spec.substring(colon + 1).trim();
            Path jarPath = baseDir.resolve(jar).normalize();
            if (!Files.isRegularFile(jarPath)) {
                throw new DativoException("Plugin jar not found: " + jar + " (resolved to " + jarPath + ")");
            }
            if (!className.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*")) {
                throw new DativoException("Invalid plugin '" + spec + "': expected path/to/plugin.jar:com.acme.ClassName");
            }
            try {
                jarLoader = new URLClassLoader("dativo-plugin:" + jarPath.getFileName(),
                        new URL[]{jarPath.toUri().toURL()}, parent);
            } catch (MalformedURLException e) {
                throw new DativoException("Plugin jar path is not valid: " + jar, e);
            }
            where = jar;
        } else if (spec.contains(":") || spec.contains("/") || spec.isBlank()
                || !spec.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*")) {
            throw new DativoException("Invalid plugin '" + spec + "': expected a class name (com.acme.ClassName) or "
                    + "a jar and a class (path/to/plugin.jar:com.acme.ClassName)");
        } else {
            className = spec;
            where = "the classpath";
        }
        ClassLoader loader = jarLoader != null ? jarLoader : parent;
        try {
            Class<?> cls;
            try {
                cls = Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new DativoException("Class '" + className + "' not found in " + where
                        + (e instanceof LinkageError ? " (" + e + ")" : ""));
            }
            if (!type.isAssignableFrom(cls)) {
                throw new DativoException("Class '" + className + "' must implement " + type.getSimpleName());
            }
            if (Modifier.isAbstract(cls.getModifiers())) {
                throw new DativoException("Class '" + className + "' is abstract; name a concrete "
                        + type.getSimpleName());
            }
            Constructor<?> ctor;
            try {
                ctor = cls.getConstructor();
            } catch (NoSuchMethodException e) {
                throw new DativoException("Class '" + className + "' needs a public constructor without arguments");
            }
            try {
                return new Loaded<>(type.cast(ctor.newInstance()), jarLoader);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw new DativoException("Constructor of '" + className + "' failed: " + cause, cause);
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new DativoException("Cannot create '" + className + "': " + e, e);
            }
        } catch (RuntimeException e) {
            closeQuietly(jarLoader);
            throw e;
        }
    }

    /** The plugin registered through {@link ServiceLoader} for {@code connectorType}. */
    public static <T> Loaded<T> byType(Class<T> type, String connectorType, Function<T, Set<String>> typesOf) {
        Set<String> known = new TreeSet<>();
        List<String> broken = new ArrayList<>();
        for (ServiceLoader.Provider<T> p : ServiceLoader.load(type, Plugins.class.getClassLoader()).stream().toList()) {
            T instance;
            try {
                instance = p.get();
            } catch (java.util.ServiceConfigurationError | RuntimeException e) {
                broken.add(p.type().getName() + ": " + e.getMessage());
                continue;
            }
            Set<String> types = typesOf.apply(instance);
            if (types.contains(connectorType)) {
                return new Loaded<>(instance, null);
            }
            known.addAll(types);
        }
        String role = type.getSimpleName().equals("BaseReader") ? "reader" : "writer";
        throw new DativoException("No " + role + " for connector type '" + connectorType + "'; installed " + role
                + "s serve: " + (known.isEmpty() ? "none" : String.join(", ", known))
                + (broken.isEmpty() ? "" : "; could not load: " + String.join("; ", broken))
                + ". Add the plugin's jar to the classpath or name a class in "
                + (role.equals("reader") ? "source.custom_reader" : "target.custom_writer"));
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
