package io.dativo.core.connector.file;

import io.dativo.api.DativoException;
import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceConfig;
import io.dativo.api.StateRecord;
import io.dativo.core.state.FileWatermark;
import io.dativo.core.storage.Glob;
import io.dativo.core.storage.SourceFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file_modified_time} strategy for file sources, on any storage. The position of each object is a
 * {@link FileWatermark}, which also decides which listed files a run reads; times are those the storage reported
 * when the files were listed, compared as instants.
 *
 * <p>A position stored by an earlier version maps every file read to its time ({@code {files: {location: time}}}).
 * The first run that meets one selects by it exactly as that version did (a file not in the map, or modified after
 * the time it records, is read) and stores a watermark in its place, so no file is read twice and none is skipped
 * across the upgrade.
 */
final class ModifiedTimeCursor {

    private static final Logger LOG = LoggerFactory.getLogger(ModifiedTimeCursor.class);
    static final String STRATEGY = "file_modified_time";
    /** The key of the per-file map of earlier versions. */
    static final String FILES = "files";

    /**
     * The committed position of one object.
     *
     * @param mark  the watermark, or {@code null} if nothing was read
     * @param files the per-file map it was stored as by an earlier version, or {@code null}
     */
    private record Committed(FileWatermark mark, Map<String, Instant> files) {

        static final Committed NONE = new Committed(null, null);

        boolean reads(SourceFiles.Entry e, int lookbackDays) {
            if (mark == null) {
                return true;
            }
            if (mark.withinLookback(e.lastModified(), lookbackDays)) {
                return true;
            }
            if (files == null) {
                return !mark.covers(e.location(), e.lastModified());
            }
            Instant recorded = files.get(e.location());
            return recorded == null || e.lastModified().isAfter(recorded);
        }
    }

    private final SourceConfig source;
    private final ReadContext context;
    private final boolean active;
    private final Map<String, Committed> committed = new HashMap<>();
    private final Map<String, FileWatermark.Builder> read = new HashMap<>();

    ModifiedTimeCursor(SourceConfig source, ReadContext context) {
        this.source = source;
        this.context = context;
        IncrementalSpec inc = source.incremental();
        this.active = inc != null && STRATEGY.equals(inc.strategy());
        if (active) {
            warnUnnamedGlobs(source);
        }
    }

    /**
     * A glob without an object gives each file it matches an object of its own name, so the state holds one position
     * per file ever matched instead of one watermark for them all.
     */
    private static void warnUnnamedGlobs(SourceConfig source) {
        for (int i = 0; i < source.files().size(); i++) {
            FileSpec f = source.files().get(i);
            if (f.object() == null && Glob.hasWildcard(f.path())) {
                LOG.warn("source.files[{}] ('{}') names no object: with {} each file it matches keeps a position of "
                        + "its own in the state; set files[{}].object so that they share one watermark", i, f.path(),
                        STRATEGY, i);
            }
        }
    }

    /** The files of {@code all} this run reads, in order: all of them unless the strategy is active. */
    List<SourceFiles.Entry> select(List<SourceFiles.Entry> all) {
        if (!active) {
            return all;
        }
        int lookback = source.incremental().lookbackDays();
        List<SourceFiles.Entry> out = new ArrayList<>();
        for (SourceFiles.Entry e : all) {
            if (committed(e.object()).reads(e, lookback)) {
                out.add(e);
            } else {
                LOG.debug("{} (modified {}) read before; skipped", e.label(), e.lastModified());
            }
        }
        if (out.isEmpty() && !all.isEmpty()) {
            LOG.info("nothing new: none of the {} files of the source changed since the last run", all.size());
        }
        return out;
    }

    /**
     * The state of each object of {@code listed} once every file of {@code selected} has been read: the committed
     * watermark moved over these files. An object with nothing selected keeps its position, rewritten as a
     * watermark if an earlier version stored it per file. Empty unless the strategy is active.
     */
    Map<String, Map<String, Object>> covered(List<SourceFiles.Entry> listed, List<SourceFiles.Entry> selected) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (!active) {
            return out;
        }
        Map<String, FileWatermark.Builder> marks = new LinkedHashMap<>();
        for (SourceFiles.Entry e : listed) {
            Committed c = committed(e.object());
            if (c.files() != null) {
                marks.computeIfAbsent(e.object(), o -> FileWatermark.builder(c.mark()));
            }
        }
        for (SourceFiles.Entry e : selected) {
            marks.computeIfAbsent(e.object(), o -> FileWatermark.builder(committed(o).mark()))
                    .add(e.location(), e.lastModified());
        }
        marks.forEach((object, mark) -> out.put(object, mark.build().toState()));
        return out;
    }

    /** Records that every record of {@code e} has been handed over, and proposes the state that covers it. */
    void done(SourceFiles.Entry e) {
        if (!active) {
            return;
        }
        FileWatermark.Builder mark = read.computeIfAbsent(e.object(),
                o -> FileWatermark.builder(committed(o).mark()));
        context.proposeState(e.object(), mark.add(e.location(), e.lastModified()).build().toState());
    }

    /**
     * The position of {@code left} and {@code right} together, proposed by two splits of one plan: the later
     * watermark, or at the same time the locations of both. {@code null} unless both are watermarks.
     */
    static Map<String, Object> merge(String object, Map<String, Object> left, Map<String, Object> right) {
        if (!FileWatermark.isWatermark(left) || !FileWatermark.isWatermark(right)) {
            return null;
        }
        String where = "state of object '" + object + "'";
        return FileWatermark.parse(where, left).merge(FileWatermark.parse(where, right)).toState();
    }

    private Committed committed(String object) {
        return committed.computeIfAbsent(object, o -> parse(o, context.committedState(o)));
    }

    private static Committed parse(String object, Optional<StateRecord> state) {
        if (state.isEmpty()) {
            return Committed.NONE;
        }
        Map<String, Object> values = state.get().values();
        String where = "state of object '" + object + "'" + (state.get().origin() == null ? ""
                : " (" + state.get().origin() + ")");
        if (FileWatermark.isWatermark(values)) {
            return new Committed(FileWatermark.parse(where, values), null);
        }
        if (!(values.get(FILES) instanceof Map<?, ?> m)) {
            throw new DativoException(where + " is not valid for " + STRATEGY + ": it holds no '"
                    + FileWatermark.WATERMARK + "', and its 'files' must map file paths to modification times");
        }
        Map<String, Instant> files = new HashMap<>();
        FileWatermark.Builder mark = FileWatermark.builder(null);
        for (Map.Entry<?, ?> f : m.entrySet()) {
            String location = String.valueOf(f.getKey());
            Instant time = FileWatermark.instant(f.getValue(), where + ": modification time of " + location);
            files.put(location, time);
            mark.add(location, time);
        }
        FileWatermark built = mark.build();
        return built == null ? Committed.NONE : new Committed(built, files);
    }
}
