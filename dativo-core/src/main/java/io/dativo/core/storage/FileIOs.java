package io.dativo.core.storage;

import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.SourceConfig;
import io.dativo.api.io.FileIO;
import io.dativo.api.io.FileIOFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link FileIO}s of one source or target, picked by the URI scheme of each location: plain paths and
 * {@code file:} URIs are the local file system ({@link LocalFileIO}); any other scheme is served by the
 * {@link FileIOFactory} registered for it (found through {@link ServiceLoader}), created once with the
 * source's connection and credentials and closed with this object. Thread-safe.
 */
public final class FileIOs implements AutoCloseable {

    /** The module that serves a scheme, for the message when none is installed. */
    private static final Map<String, String> PROVIDERS = Map.of(
            "s3", "io.dativo:dativo-plugins-s3",
            "s3a", "io.dativo:dativo-plugins-s3",
            "s3n", "io.dativo:dativo-plugins-s3",
            "minio", "io.dativo:dativo-plugins-s3");
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+)://");
    private static final String LOCAL = "";

    private final Map<String, Object> properties;
    private final ClassLoader loader;
    private final Map<String, FileIO> open = new ConcurrentHashMap<>();

    private FileIOs(Map<String, Object> properties, ClassLoader loader) {
        this.properties = properties;
        this.loader = loader;
    }

    /**
     * The storage of {@code source}: factories get its {@code connection} merged with its {@code credentials}.
     * Factories are looked up with the thread's context class loader, so storage plugins on it are found.
     */
    public static FileIOs forSource(SourceConfig source) {
        Map<String, Object> merged = new LinkedHashMap<>(source.connection());
        merged.putAll(source.credentials());
        return of(merged);
    }

    /** Storage whose factories get {@code properties} (endpoint, region, keys). */
    public static FileIOs of(Map<String, Object> properties) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return new FileIOs(Map.copyOf(properties), context != null ? context : FileIOs.class.getClassLoader());
    }

    /**
     * The {@link FileIO} that serves {@code location}.
     *
     * @throws DativoException of kind {@link ErrorKind#CONFIG} if no installed factory serves the location's scheme
     */
    public FileIO forLocation(String location) {
        String scheme = scheme(location);
        if (scheme.equals(LOCAL)) {
            return open.computeIfAbsent(LOCAL, s -> new LocalFileIO());
        }
        return open.computeIfAbsent(scheme, s -> create(s, location));
    }

    private FileIO create(String scheme, String location) {
        for (FileIOFactory factory : ServiceLoader.load(FileIOFactory.class, loader)) {
            if (factory.schemes().stream().anyMatch(s -> s.equalsIgnoreCase(scheme))) {
                return factory.create(properties);
            }
        }
        String provider = PROVIDERS.get(scheme);
        throw new DativoException(ErrorKind.CONFIG, "no storage for scheme '" + scheme + "' in '" + location + "': "
                + (provider != null ? "add " + provider
                : "add a plugin that registers an " + FileIOFactory.class.getName() + " for '" + scheme + "'"), null);
    }

    /**
     * The lower-case URI scheme of {@code location} ({@code s3} for {@code s3://bucket/key}), or the empty string for
     * the local file system: plain paths, {@code file:} URIs and Windows drive letters.
     */
    public static String scheme(String location) {
        if (location.regionMatches(true, 0, "file:", 0, 5)) {
            return LOCAL;
        }
        Matcher m = SCHEME.matcher(location);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : LOCAL;
    }

    /** True if {@code location} is on the local file system. */
    public static boolean isLocal(String location) {
        return scheme(location).equals(LOCAL);
    }

    /**
     * The location a job's {@code path} names: a URI stays as it is; a local path is joined to {@code baseDir} (a
     * directory, or a URI prefix such as {@code s3://bucket/jobs}) and normalized; a {@code file:} URI becomes its
     * path. Wildcards are kept, so globs may be located too.
     */
    public static String locate(String baseDir, String path) {
        if (!isLocal(path)) {
            return path;
        }
        String local = stripFileScheme(path);
        if (!isLocal(baseDir)) {
            if (local.isEmpty()) {
                return baseDir;
            }
            return baseDir.endsWith("/") ? baseDir + local : baseDir + "/" + local;
        }
        return LocalFileIO.join(stripFileScheme(baseDir), local);
    }

    /** {@code file:///a/b} and {@code file:/a/b} as {@code /a/b}; other locations unchanged. */
    private static String stripFileScheme(String location) {
        if (!location.regionMatches(true, 0, "file:", 0, 5)) {
            return location;
        }
        String rest = location.substring(5);
        return rest.startsWith("///") ? rest.substring(2) : rest;
    }

    /** Closes the storage clients this object created. */
    @Override
    public void close() throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (FileIO io : open.values()) {
            try {
                io.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        open.clear();
        if (!failures.isEmpty()) {
            IOException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
