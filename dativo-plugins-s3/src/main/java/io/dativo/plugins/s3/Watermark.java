package io.dativo.plugins.s3;

import io.dativo.api.DativoException;
import io.dativo.core.storage.SourceFiles;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code file_modified_time} position of one object of an object-store source, bounded whatever the number of
 * objects under the prefix: the newest last-modified time read ({@value #WATERMARK}) and the locations modified at
 * exactly that time ({@value #AT_WATERMARK}), so that an object written later in the same second (S3 keeps whole
 * seconds) is still read. Every other object is older than the watermark and is not read again, unless it is
 * modified (a new last-modified time) or falls within {@code lookback_days} of the watermark.
 *
 * <p>Core's file readers select files against a map of every file read with its time ({@code {files: {location:
 * time}}}); {@link #asFileMap} rebuilds that map for one listing only, in memory for the run, and {@link #of}
 * reduces the map they propose back to a watermark, so what is stored never grows with the listing.
 *
 * @param watermark the newest last-modified time read
 * @param at        the locations whose last-modified time is the watermark
 */
record Watermark(Instant watermark, SortedSet<String> at) {

    /** Copies the locations so the value cannot change. */
    Watermark {
        at = Collections.unmodifiableSortedSet(new TreeSet<>(at));
    }

    static final String WATERMARK = "watermark";
    static final String AT_WATERMARK = "at_watermark";
    /** Core's file map, as its file readers read and propose it. */
    static final String FILES = "files";

    /** The watermark of core's file map {@code {location: time}}: its newest time and the files at it. */
    static Watermark of(Map<?, ?> files) {
        Instant newest = null;
        TreeSet<String> at = new TreeSet<>();
        for (Map.Entry<?, ?> f : files.entrySet()) {
            Instant t = instant(f.getValue(), String.valueOf(f.getKey()));
            int c = newest == null ? 1 : t.compareTo(newest);
            if (c > 0) {
                newest = t;
                at.clear();
            }
            if (c >= 0) {
                at.add(String.valueOf(f.getKey()));
            }
        }
        return newest == null ? null : new Watermark(newest, at);
    }

    /** The watermark {@code values} hold, or {@code null} if they are not one (empty, or core's file map). */
    static Watermark parse(String object, Map<String, Object> values) {
        Object mark = values.get(WATERMARK);
        if (mark == null) {
            return null;
        }
        TreeSet<String> at = new TreeSet<>();
        if (values.get(AT_WATERMARK) instanceof Collection<?> names) {
            names.forEach(n -> at.add(String.valueOf(n)));
        } else if (values.containsKey(AT_WATERMARK)) {
            throw new DativoException("state of object '" + object + "' is not valid for file_modified_time: '"
                    + AT_WATERMARK + "' must list locations");
        }
        return new Watermark(instant(mark, "the watermark of object '" + object + "'"), at);
    }

    /**
     * The position {@code values} (a watermark, core's file map, or a file map a reader proposed) hold as a watermark,
     * or {@code null} when they hold no file.
     */
    static Watermark from(String object, Map<String, Object> values) {
        Watermark w = parse(object, values);
        if (w != null) {
            return w;
        }
        return values.get(FILES) instanceof Map<?, ?> files ? of(files) : null;
    }

    /** The later of the two; at the same time, the files at it of both. */
    Watermark merge(Watermark other) {
        if (other == null) {
            return this;
        }
        int c = watermark.compareTo(other.watermark);
        if (c != 0) {
            return c > 0 ? this : other;
        }
        TreeSet<String> both = new TreeSet<>(at);
        both.addAll(other.at);
        return new Watermark(watermark, both);
    }

    /** The state stored for the object. */
    Map<String, Object> toState() {
        return Map.of(WATERMARK, watermark.toString(), AT_WATERMARK, List.copyOf(at));
    }

    /**
     * Core's file map that selects from {@code listing} (the listed files of one object) what this watermark has not
     * read: every listed file older than the watermark and the files at it, each with its listed time.
     */
    Map<String, Object> asFileMap(List<SourceFiles.Entry> listing) {
        Map<String, Object> files = new TreeMap<>();
        for (String name : at) {
            files.put(name, watermark.toString());
        }
        for (SourceFiles.Entry e : listing) {
            if (e.lastModified().isBefore(watermark)) {
                files.put(e.location(), e.lastModified().toString());
            }
        }
        return Map.of(FILES, files);
    }

    private static Instant instant(Object value, String what) {
        try {
            return Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            throw new DativoException("state: " + what + " is '" + value + "', not an ISO-8601 instant");
        }
    }
}
