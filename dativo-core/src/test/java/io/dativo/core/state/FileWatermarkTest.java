package io.dativo.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.DativoException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The watermark's rule for which files are new, how it moves, merges and round-trips through a state store. */
class FileWatermarkTest {

    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

    private static FileWatermark mark(Instant at, String... locations) {
        return new FileWatermark(at, new TreeSet<>(List.of(locations)));
    }

    @Test
    void aFileIsCoveredBeforeTheWatermarkOrAtItUnderANameItHolds() {
        FileWatermark m = mark(T, "a");
        assertThat(m.covers("x", T.minusNanos(1))).isTrue();
        assertThat(m.covers("a", T)).isTrue();
        assertThat(m.covers("b", T)).as("same time, another name").isFalse();
        assertThat(m.covers("a", T.plusNanos(1))).as("rewritten later").isFalse();
        assertThat(m.withinLookback(T.minusSeconds(86_400), 1)).isTrue();
        assertThat(m.withinLookback(T.minusSeconds(86_401), 1)).isFalse();
        assertThat(m.withinLookback(T, 0)).as("no lookback, no window").isFalse();
    }

    @Test
    void theBuilderKeepsOnlyTheNamesAtTheNewestTimeInAnyOrder() {
        FileWatermark forward = FileWatermark.builder(mark(T, "a")).add("b", T).add("old", T.minusSeconds(5))
                .add("c", T.plusSeconds(1)).add("d", T.plusSeconds(1)).build();
        FileWatermark backward = FileWatermark.builder(mark(T, "a")).add("d", T.plusSeconds(1))
                .add("c", T.plusSeconds(1)).add("old", T.minusSeconds(5)).add("b", T).build();
        assertThat(forward).isEqualTo(backward).isEqualTo(mark(T.plusSeconds(1), "c", "d"));
        assertThat(FileWatermark.builder(null).build()).as("nothing read").isNull();
    }

    @Test
    void mergingTakesTheLaterWatermarkOrTheNamesOfBothAtOneTime() {
        assertThat(mark(T, "a").merge(mark(T, "b"))).isEqualTo(mark(T, "a", "b"));
        assertThat(mark(T, "a").merge(mark(T.plusSeconds(1), "b"))).isEqualTo(mark(T.plusSeconds(1), "b"));
        assertThat(mark(T.plusSeconds(1), "b").merge(mark(T, "a"))).isEqualTo(mark(T.plusSeconds(1), "b"));
        assertThat(mark(T, "a").merge(null)).isEqualTo(mark(T, "a"));
    }

    @Test
    void theStateRoundTripsAndBadStateIsAnErrorNamingIt() {
        Map<String, Object> state = mark(T, "b", "a").toState();
        assertThat(state).isEqualTo(Map.of("watermark", "2026-11-01T00:00:00Z", "at_watermark", List.of("a", "b")));
        assertThat(FileWatermark.isWatermark(state)).isTrue();
        assertThat(FileWatermark.parse("state of x", state)).isEqualTo(mark(T, "a", "b"));
        assertThat(FileWatermark.parse("state of x", Map.of("watermark", T.toString()))).isEqualTo(mark(T));
        assertThatThrownBy(() -> FileWatermark.parse("state of x", Map.of("watermark", "yesterday")))
                .isInstanceOf(DativoException.class).hasMessageContaining("state of x")
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() -> FileWatermark.parse("state of x", Map.of("watermark", T.toString(),
                "at_watermark", "a"))).hasMessageContaining("'at_watermark' must list locations");
    }
}
