package io.dativo.plugins.jdbc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the split writers of one MySQL/MariaDB target still load through {@code LOAD DATA LOCAL INFILE}: until the
 * server or the driver refuses it once, after which every split writer of the run uses batched inserts, and the
 * refusal is logged once. Core opens a writer instance per split for a writer that stages independently, so the
 * instances of one run in this JVM share one {@code LocalInfile}, found by the run's id.
 */
final class LocalInfile {

    /** The target engine option that turns {@code LOAD DATA LOCAL INFILE} off. */
    static final String OPTION = "local_infile";
    /** The MariaDB Connector/J connection property that lets the driver answer the server's file request. */
    static final String DRIVER_PROPERTY = "allowLocalInfile";

    private static final Logger LOG = LoggerFactory.getLogger(LocalInfile.class);

    /** Runs remembered at once: more runs than this at the same time in one JVM may each warn once per split. */
    private static final int RUNS = 256;

    /** The runs seen last, by run id; the eldest is forgotten, since nothing tells a split's writer the run ended. */
    private static final Map<String, LocalInfile> BY_RUN = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, LocalInfile> eldest) {
                    return size() > RUNS;
                }
            });

    private final AtomicBoolean usable;

    LocalInfile(boolean wanted) {
        this.usable = new AtomicBoolean(wanted);
    }

    /** The one {@code LocalInfile} of run {@code runId} in this JVM, made with {@code wanted} by its first writer. */
    static LocalInfile of(String runId, boolean wanted) {
        return BY_RUN.computeIfAbsent(runId, k -> new LocalInfile(wanted));
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
