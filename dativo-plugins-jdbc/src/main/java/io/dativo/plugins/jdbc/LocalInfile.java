package io.dativo.plugins.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the split writers of one MySQL/MariaDB target still load through {@code LOAD DATA LOCAL INFILE}: until the
 * server or the driver refuses it once, after which every split writer of the run uses batched inserts, and the
 * refusal is logged once.
 */
final class LocalInfile {

    /** The target engine option that turns {@code LOAD DATA LOCAL INFILE} off. */
    static final String OPTION = "local_infile";
    /** The MariaDB Connector/J connection property that lets the driver answer the server's file request. */
    static final String DRIVER_PROPERTY = "allowLocalInfile";

    private static final Logger LOG = LoggerFactory.getLogger(LocalInfile.class);

    private final AtomicBoolean usable;

    LocalInfile(boolean wanted) {
        this.usable = new AtomicBoolean(wanted);
    }

    boolean usable() {
        return usable.get();
    }

    /** Records a refusal saying {@code reason} (already free of secrets); the first is logged. */
    void refuse(String reason) {
        if (usable.compareAndSet(true, false)) {
            LOG.warn("LOAD DATA LOCAL INFILE was refused ({}); staging tables are loaded by batched inserts. "
                    + "Allow it with the server's local_infile=ON, or set the target option {}: false to skip the "
                    + "attempt", reason, OPTION);
        }
    }

    /** {@code settings} with the driver allowed to send local data, unless the job's connection says otherwise. */
    ConnectionSettings settings(ConnectionSettings settings) {
        if (settings.properties().containsKey(DRIVER_PROPERTY)) {
            return settings;
        }
        Map<String, String> properties = new LinkedHashMap<>(settings.properties());
        properties.put(DRIVER_PROPERTY, "true");
        return new ConnectionSettings(settings.dialect(), settings.url(), settings.user(), settings.password(),
                properties, settings.where());
    }
}
