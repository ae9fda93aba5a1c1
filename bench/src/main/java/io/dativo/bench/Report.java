package io.dativo.bench;

import io.dativo.bench.ChildRun.Measured;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The timed runs of a benchmark, kept by case, engine and round, and the tables made of them: min, median and max
 * per engine, and the ratios of Dativo to each other engine paired within a round (the two ran minutes apart at
 * most, so drift of the machine's speed cancels out).
 */
final class Report {

    private final Map<String, Map<String, Map<Integer, Measured>>> runs = new LinkedHashMap<>();
    private final List<String> engines;

    /** A report listing engines in the given order, whatever order they ran in. */
    Report(List<String> engines) {
        this.engines = List.copyOf(engines);
    }

    /** Records one timed run. */
    void add(String caseName, String engine, int round, Measured m) {
        runs.computeIfAbsent(caseName, k -> {
            Map<String, Map<Integer, Measured>> byEngine = new LinkedHashMap<>();
            engines.forEach(e -> byEngine.put(e, new LinkedHashMap<>()));
            return byEngine;
        }).computeIfAbsent(engine, k -> new LinkedHashMap<>()).put(round, m);
    }

    /** The per-engine table and the paired-ratio table, as Markdown. */
    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| case | engine | wall s (min / median / max) | CPU s (min / median / max) "
                + "| peak RSS MB (min / median / max) |\n|---|---|---:|---:|---:|\n");
        runs.forEach((caseName, engines) -> engines.forEach((engine, rounds) -> {
            List<Measured> ms = new ArrayList<>(rounds.values());
            out.append("| ").append(caseName).append(" | ").append(engine)
                    .append(" | ").append(spread(values(ms, Measured::wallSeconds), "%.2f"))
                    .append(" | ").append(spread(values(ms, Measured::cpuSeconds), "%.2f"))
                    .append(" | ").append(spread(values(ms, Measured::peakRssMb), "%.0f")).append(" |\n");
        }));
        out.append("\nDativo / other engine, paired by round:\n\n| case | against | wall (min / median / max) "
                + "| CPU (min / median / max) | peak RSS (min / median / max) |\n|---|---|---:|---:|---:|\n");
        runs.forEach((caseName, engines) -> {
            Map<Integer, Measured> dativo = engines.get(Engines.DATIVO);
            engines.forEach((engine, rounds) -> {
                if (dativo == null || engine.equals(Engines.DATIVO)) {
                    return;
                }
                out.append("| ").append(caseName).append(" | ").append(engine)
                        .append(" | ").append(spread(ratios(dativo, rounds, Measured::wallSeconds), "%.2f"))
                        .append(" | ").append(spread(ratios(dativo, rounds, Measured::cpuSeconds), "%.2f"))
                        .append(" | ").append(spread(ratios(dativo, rounds, Measured::peakRssMb), "%.2f"))
                        .append(" |\n");
            });
        });
        return out.toString();
    }

    private static double[] values(List<Measured> ms, ToDoubleFunction<Measured> f) {
        return ms.stream().mapToDouble(f).toArray();
    }

    private static double[] ratios(Map<Integer, Measured> dativo, Map<Integer, Measured> other,
                                   ToDoubleFunction<Measured> f) {
        return dativo.keySet().stream().filter(other::containsKey)
                .mapToDouble(r -> f.applyAsDouble(dativo.get(r)) / f.applyAsDouble(other.get(r))).toArray();
    }

    private static String spread(double[] xs, String format) {
        if (xs.length == 0) {
            return "-";
        }
        double[] s = xs.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return String.format(format + " / **" + format + "** / " + format, s[0], median, s[s.length - 1]);
    }
}
