package io.dativo.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reader plans for one run: the splits to read and, when the planner knows it, the state the whole plan
 * covers once every split has succeeded (the files listed, a high-water mark read before planning). When
 * {@code state} is empty for an object, the state proposed by the splits themselves is used, merged by
 * {@link BaseReader#mergeState}.
 *
 * @param splits the splits; an empty list means there is nothing to read
 * @param state  object name to the state values the whole plan covers
 * @since 0.2
 */
public record SplitPlan(List<ReadSplit> splits, Map<String, Map<String, Object>> state) {

    /** Copies the collections so the value cannot change. */
    public SplitPlan {
        splits = splits == null ? List.of() : List.copyOf(splits);
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        if (state != null) {
            state.forEach((k, v) -> copy.put(k, Maps.copy(v)));
        }
        state = Collections.unmodifiableMap(copy);
    }

    /** One split reading the whole source, with no planned state. */
    public static SplitPlan whole() {
        return new SplitPlan(List.of(ReadSplit.whole()), Map.of());
    }

    /** These splits, with no planned state. */
    public static SplitPlan of(List<ReadSplit> splits) {
        return new SplitPlan(splits, Map.of());
    }
}
