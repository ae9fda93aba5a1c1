package io.dativo.core.state;

import io.dativo.api.DativoException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The {@code file_modified_time} position of one object of a file source, on any storage: the newest modification
 * time read ({@value #WATERMARK}) and the locations modified at exactly that time ({@value #AT_WATERMARK}). Its size
 * depends on how many files share the newest time, never on how many files the source has read, so it stays small on
 * a prefix of millions of objects.
 *
 * <p>The rule for which files a run reads: a file is new when it was modified after the watermark, or at the
 * watermark under a location the position does not name (a file written later within the same tick of the
 * storage's clock, such as the same second on S3); with {@code lookback_days}, files modified within that many days
 * before the watermark are read again on purpose. A file rewritten with a later time is new again. A file that
 * appears with a time before the watermark is not: telling it apart from one already read would take every name
 * ever read.
 *
 * @param watermark the newest modification time read
 * @param at        the locations whose modification time is the watermark
 */
public record FileWatermark(Instant watermark, SortedSet<String> at) {

    /** The state key of the newest modification time read. */
    public static final String WATERMARK = "watermark";
    /** The state key of the locations at the watermark. */
    public static final String AT_WATERMARK = "at_watermark";

    /** Copies the locations so the value cannot change. */
    public FileWatermark {
        if (watermark == null) {
            throw new IllegalArgumentException("a watermark needs a time");
        }
        at = Collections.unmodifiableSortedSet(new TreeSet<>(at));
    }

    /** True if {@code values} are a position in this form (they hold a {@value #WATERMARK}). */
    public static boolean isWatermark(Map<String, Object> values) {
        return values.containsKey(WATERMARK);
    }

    /**
     * The watermark {@code values} hold.
     *
     * @param where how messages name the state, such as {@code state of object 'orders' (path)}
     * @throws DativoException if the values are not a watermark, or hold one that is not valid
     */
    public static FileWatermark parse(String where, Map<String, Object> values) {
        Object mark = values.get(WATERMARK);
        if (mark == null) {
            throw new DativoException(where + " is not valid for file_modified_time: it has no '" + WATERMARK + "'");
        }
        TreeSet<String> at = new TreeSet<>();
        Object names = values.get(AT_WATERMARK);
        if (names instanceof Collection<?> c) {
            c.forEach(n -> at.add(String.valueOf(n)));
        } else if (names != null) {
            throw new DativoException(where + " is not valid for file_modified_time: '" + AT_WATERMARK
                    + "' must list locations");
        }
        return new FileWatermark(instant(mark, where + ": " + WATERMARK), at);
    }

    /** {@code value} as an instant; an error naming {@code what} if it is not ISO-8601 text. */
    public static Instant instant(Object value, String what) {
        try {
            return Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            throw new DativoException(what + " is '" + value + "', not an ISO-8601 instant");
        }
    }

    /** True if a run at this position has read the file at {@code location} as modified at {@code modified}. */
    public boolean covers(String location, Instant modified) {
        int c = modified.compareTo(watermark);
        return c < 0 || c == 0 && at.contains(location);
    }

    /** True if {@code modified} is within {@code lookbackDays} days before the watermark, or after it. */
    public boolean withinLookback(Instant modified, int lookbackDays) {
        return lookbackDays > 0 && !modified.isBefore(watermark.minus(Duration.ofDays(lookbackDays)));
    }

    /** The later of the two; at the same time, the locations at it of both. */
    public FileWatermark merge(FileWatermark other) {
        if (other == null) {
            return this;
        }
        int c = watermark.compareTo(other.watermark);
        if (c != 0) {
            return c > 0 ? this : other;
        }
        TreeSet<String> both = new TreeSet<>(at);
        both.addAll(other.at);
        return new FileWatermark(watermark, both);
    }

    /** The state values stored for the object. */
    public Map<String, Object> toState() {
        return Map.of(WATERMARK, watermark.toString(), AT_WATERMARK, List.copyOf(at));
    }

    /** A builder that starts at {@code start}, or at nothing read when it is {@code null}. */
    public static Builder builder(FileWatermark start) {
        return new Builder(start);
    }

    /** Moves a position forward over files read, one at a time, without copying it per file. */
    public static final class Builder {

        private Instant watermark;
        private final TreeSet<String> at = new TreeSet<>();

        private Builder(FileWatermark start) {
            if (start != null) {
                watermark = start.watermark;
                at.addAll(start.at);
            }
        }

        /** Records that the file at {@code location}, modified at {@code modified}, has been read. */
        public Builder add(String location, Instant modified) {
            int c = watermark == null ? 1 : modified.compareTo(watermark);
            if (c > 0) {
                watermark = modified;
                at.clear();
            }
            if (c >= 0) {
                at.add(location);
            }
            return this;
        }

        /** The position, or {@code null} if no file was read and it started at nothing. */
        public FileWatermark build() {
            return watermark == null ? null : new FileWatermark(watermark, at);
        }
    }
}
