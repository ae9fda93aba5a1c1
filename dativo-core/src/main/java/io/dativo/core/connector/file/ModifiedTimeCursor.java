package io.dativo.core.connector.file;

import io.dativo.api.DativoException;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceConfig;
import io.dativo.api.StateRecord;
import io.dativo.core.storage.SourceFiles;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file_modified_time} strategy for file sources. State per object is {@code {files: {location:
 * modified}}}, the modification times as ISO-8601 instants; a run reads the files that are new or modified since,
 * plus those modified within {@code lookback_days} of the newest one already read. Times are those the storage
 * reported when the files were listed, compared as instants.
 */
final class ModifiedTimeCursor {

    private static final Logger LOG = LoggerFactory.getLogger(ModifiedTimeCursor.class);
    static final String STRATEGY = "file_modified_time";
    static final String FILES = "files";

    private final SourceConfig source;
    private final ReadContext context;
    private final boolean active;
    private final Map<String, TreeMap<String, Instant>> seen = new HashMap<>();

    ModifiedTimeCursor(SourceConfig source, ReadContext context) {
        this.source = source;
        this.context = context;
        IncrementalSpec inc = source.incremental();
        this.active = inc != null && STRATEGY.equals(inc.strategy());
    }

    /** The files of {@code all} this run reads, in order: all of them unless the strategy is active. */
    List<SourceFiles.Entry> select(List<SourceFiles.Entry> all) {
        if (!active) {
            return all;
        }
        int lookback = source.incremental().lookbackDays();
        List<SourceFiles.Entry> out = new ArrayList<>();
        // The newest time per object, found once: a listing of n files against a state of n must stay linear.
        Map<String, Optional<Instant>> newestOf = new HashMap<>();
        for (SourceFiles.Entry e : all) {
            TreeMap<String, Instant> files = seen(e.object());
            Instant mtime = e.lastModified();
            Instant recorded = files.get(e.location());
            Instant newest = newestOf.computeIfAbsent(e.object(),
                    o -> files.values().stream().max(Instant::compareTo)).orElse(null);
            boolean inWindow = lookback > 0 && newest != null
                    && !mtime.isBefore(newest.minus(Duration.ofDays(lookback)));
            if (recorded == null || mtime.isAfter(recorded) || inWindow) {
                out.add(e);
            } else {
                LOG.debug("{} not modified since {}; skipped", e.label(), recorded);
            }
        }
        if (out.isEmpty() && !all.isEmpty()) {
            LOG.info("nothing new: none of the {} files of the source changed since the last run", all.size());
        }
        return out;
    }

    /**
     * The state of each object once every file of {@code selected} has been read: the committed file map with
     * these files added. Empty unless the strategy is active; objects with no selected file keep their state.
     */
    Map<String, Map<String, Object>> covered(List<SourceFiles.Entry> selected) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (!active) {
            return out;
        }
        Map<String, TreeMap<String, Instant>> files = new LinkedHashMap<>();
        for (SourceFiles.Entry e : selected) {
            files.computeIfAbsent(e.object(), o -> new TreeMap<>(seen(o))).put(e.location(), e.lastModified());
        }
        files.forEach((object, map) -> out.put(object, state(map)));
        return out;
    }

    /** Records that every record of {@code e} has been handed over, and proposes the state that covers it. */
    void done(SourceFiles.Entry e) {
        if (!active) {
            return;
        }
        TreeMap<String, Instant> files = seen(e.object());
        files.put(e.location(), e.lastModified());
        context.proposeState(e.object(), state(files));
    }

    private static Map<String, Object> state(Map<String, Instant> files) {
        Map<String, Object> asText = new TreeMap<>();
        files.forEach((k, v) -> asText.put(k, v.toString()));
        return Map.of(FILES, asText);
    }

    private TreeMap<String, Instant> seen(String object) {
        return seen.computeIfAbsent(object, o -> parse(o, context.committedState(o)));
    }

    private static TreeMap<String, Instant> parse(String object, Optional<StateRecord> state) {
        TreeMap<String, Instant> out = new TreeMap<>();
        if (state.isEmpty()) {
            return out;
        }
        Object files = state.get().values().get(FILES);
        String where = "state of object '" + object + "'" + (state.get().origin() == null ? ""
                : " (" + state.get().origin() + ")");
        if (!(files instanceof Map<?, ?> m)) {
            throw new DativoException(where + " is not valid for " + STRATEGY
                    + ": 'files' must map file paths to modification times");
        }
        for (Map.Entry<?, ?> f : m.entrySet()) {
            try {
                out.put(String.valueOf(f.getKey()), Instant.parse(String.valueOf(f.getValue())));
            } catch (DateTimeParseException ex) {
                throw new DativoException(where + " is not valid: modification time of " + f.getKey()
                        + " is '" + f.getValue() + "', not an ISO-8601 instant");
            }
        }
        return out;
    }
}
