package io.dativo.plugins.iceberg;

import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.TargetConfig;
import io.dativo.core.storage.FileIOs;
import io.dativo.core.storage.LocalFileIO;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SessionCatalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.apache.iceberg.rest.HTTPClient;
import org.apache.iceberg.rest.RESTSessionCatalog;
import org.apache.iceberg.rest.RESTUtil;

/**
 * The Iceberg catalog of a target, from {@code target.catalog}:
 * <ul>
 *   <li>{@code type: jdbc}: Iceberg's {@code JdbcCatalog} at {@code uri} (SQLite or PostgreSQL), with
 *       {@code user} and {@code password};</li>
 *   <li>{@code type: rest}: Iceberg's REST catalog at {@code uri} (Nessie, Polaris, Lakekeeper, Glue's and S3
 *       Tables' endpoints), with {@code token}, {@code credential}, {@code oauth2-server-uri}, {@code scope} and any
 *       other REST property passed through;</li>
 *   <li>no {@code target.catalog}: a {@code JdbcCatalog} on SQLite at {@code .dativo/iceberg.db} beside the default
 *       state store, so a table needs no server.</li>
 * </ul>
 * Every other key of the block, and the entries of its {@code properties} map, are passed to the catalog as Iceberg
 * catalog properties. The warehouse is {@code warehouse}, else the connection's S3 bucket and prefix, else the
 * connection's {@code path}, else {@code .dativo/warehouse}. Files are read and written through core's storage
 * ({@link StorageFileIO}), configured from the target's connection and credentials.
 */
final class Catalogs {

    static final String DEFAULT_DB = ".dativo/iceberg.db";
    private static final Set<String> OWN_KEYS = Set.of("type", "name", "properties", "uri", "warehouse", "user",
            "password", "namespace", "table");
    private static final Map<String, Object> INITIALIZING = new ConcurrentHashMap<>();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Catalogs.class);

    /** An open catalog with the warehouse it puts new tables in. */
    record Opened(Catalog catalog, AutoCloseable closer, String warehouse) {
    }

    private Catalogs() {
    }

    /** The catalog type {@code target} names: {@code jdbc}, {@code rest} or {@code none}; jdbc by default. */
    static String type(TargetConfig target) {
        Object t = target.catalog().get("type");
        return t == null ? "jdbc" : t.toString().trim().toLowerCase(Locale.ROOT);
    }

    static Opened open(TargetConfig target, FileIOs storage) {
        String type = type(target);
        Map<String, Object> c = target.catalog();
        String warehouse = warehouse(target);
        Map<String, String> props = new LinkedHashMap<>();
        c.forEach((k, v) -> {
            if (!OWN_KEYS.contains(k) && v != null && !(v instanceof Map<?, ?>)) {
                props.put(k, v.toString());
            }
        });
        if (c.get("properties") instanceof Map<?, ?> extra) {
            extra.forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
        }
        props.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
        String name = c.get("name") == null ? "dativo" : c.get("name").toString();
        switch (type) {
            case "jdbc" -> {
                Object uri = c.get("uri");
                if (uri == null) {
                    Path db = Path.of(LocalFileIO.absolute(target.baseDir(), DEFAULT_DB));
                    uri = "jdbc:sqlite:" + db;
                    if (c.isEmpty()) {
                        LOG.info("no target.catalog: the Iceberg catalog is a JdbcCatalog on SQLite at {}, the "
                                + "warehouse {}", db, warehouse);
                    }
                    db.getParent().toFile().mkdirs();
                }
                props.put(CatalogProperties.URI, uri.toString());
                // The current layout of the catalog tables (with views); older databases are migrated in place.
                props.putIfAbsent("jdbc.schema-version", "V1");
                if (uri.toString().startsWith("jdbc:sqlite:")) {
                    // SQLite serializes writers; concurrent commits wait for the lock instead of failing at once.
                    props.putIfAbsent("jdbc.busy_timeout", "30000");
                }
                if (c.get("user") != null) {
                    props.put("jdbc.user", c.get("user").toString());
                }
                if (c.get("password") != null) {
                    props.put("jdbc.password", c.get("password").toString());
                }
                JdbcCatalog jdbc = jdbc(name, props, storage);
                return new Opened(jdbc, jdbc, warehouse);
            }
            case "rest" -> {
                Object uri = c.get("uri");
                if (uri == null) {
                    throw config("target.catalog.uri: the REST catalog's URL");
                }
                props.put(CatalogProperties.URI, uri.toString());
                if (props.containsKey("token") || props.containsKey("credential")) {
                    props.putIfAbsent("rest.auth.type", "oauth2");
                }
                if (c.containsKey("warehouse")) {
                    props.put(CatalogProperties.WAREHOUSE_LOCATION, c.get("warehouse").toString());
                } else {
                    props.remove(CatalogProperties.WAREHOUSE_LOCATION);
                }
                RESTSessionCatalog rest = new RESTSessionCatalog(
                        config -> HTTPClient.builder(config).uri(config.get(CatalogProperties.URI))
                                .withHeaders(RESTUtil.configHeaders(config)).build(),
                        (context, config) -> new StorageFileIO(storage));
                rest.initialize(name, props);
                return new Opened(rest.asCatalog(SessionCatalog.SessionContext.createEmpty()), rest, warehouse);
            }
            default -> throw config("target.catalog.type: jdbc, rest or none, not '" + type + "'");
        }
    }

    /**
     * A JdbcCatalog, initialized once at a time per database in this process and tried again when another process
     * created or migrated the catalog's own tables at the same moment (the loser of that race fails once).
     */
    private static JdbcCatalog jdbc(String name, Map<String, String> props, FileIOs storage) {
        String uri = props.get(CatalogProperties.URI);
        synchronized (INITIALIZING.computeIfAbsent(uri, u -> new Object())) {
            for (int attempt = 1; ; attempt++) {
                JdbcCatalog jdbc = new JdbcCatalog(p -> new StorageFileIO(storage), null, true);
                try {
                    jdbc.initialize(name, props);
                    return jdbc;
                } catch (UncheckedSQLException e) {
                    try {
                        jdbc.close();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Where new tables go when the catalog does not decide: see the class comment. */
    static String warehouse(TargetConfig target) {
        Object w = target.catalog().get("warehouse");
        if (w != null) {
            return FileIOs.isLocal(w.toString()) ? LocalFileIO.absolute(target.baseDir(), w.toString()) : w.toString();
        }
        Map<String, Object> conn = target.connection();
        Map<String, Object> s3 = conn.get("s3") instanceof Map<?, ?> m ? cast(m) : conn;
        Object bucket = s3.get("bucket");
        if (bucket != null) {
            Object prefix = s3.get("prefix");
            String p = prefix == null ? "" : prefix.toString().replaceAll("^/+|/+$", "");
            return "s3://" + bucket + (p.isEmpty() ? "" : "/" + p);
        }
        Object path = conn.get("path");
        if (path != null) {
            return FileIOs.isLocal(path.toString()) ? LocalFileIO.absolute(target.baseDir(), path.toString())
                    : path.toString();
        }
        return LocalFileIO.absolute(target.baseDir(), ".dativo/warehouse");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    static DativoException config(String message) {
        return new DativoException(ErrorKind.CONFIG, message, null);
    }
}
