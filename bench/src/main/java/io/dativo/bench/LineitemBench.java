package io.dativo.bench;

import io.dativo.bench.ChildRun.Measured;
import io.dativo.bench.OutputCheck.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Files to Parquet, Dativo against DuckDB (and Spark when asked), each conversion a fresh process. The cases are
 * TPC-H {@code lineitem} (16 typed columns) as CSV and as JSON Lines, and the narrow 4-column CSV file of
 * {@link CsvToParquet}. Each round runs every case on every engine, the engines' order rotated from round to
 * round; a warm-up round comes first and is not counted. Every output is read back by DuckDB and must hold the
 * case's rows with the same per-column checksums as the other engines' outputs, or the benchmark stops.
 *
 * <p>Settings (system properties): {@code bench.rows} (1,000,000), {@code bench.rounds} (3), {@code bench.warmup}
 * (1), {@code bench.spark} (false), {@code bench.cases} (all of {@code lineitem-csv,lineitem-jsonl,narrow-csv}),
 * {@code bench.dativo.jar}, {@code bench.dativo.launcher} (true: Dativo runs through the {@code dativo} launcher
 * beside the jar's module, as users run it, with its class data sharing archive kept under the data folder;
 * false: {@code java -jar}), {@code bench.dativo.jvm} (extra JVM options for Dativo; none by default),
 * {@code bench.spark.jvm}, {@code bench.data} ({@code data}).
 */
public final class LineitemBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private LineitemBench() {
    }

    /** Runs the benchmark as the system properties say and prints its tables. */
    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(System.getProperty("bench.rows", "1000000"));
        int rounds = Integer.parseInt(System.getProperty("bench.rounds", "3"));
        int warmup = Integer.parseInt(System.getProperty("bench.warmup", "1"));
        Path data = Files.createDirectories(Path.of(System.getProperty("bench.data", "data")).toAbsolutePath());
        Path jar = Path.of(System.getProperty("bench.dativo.jar", "../dativo-cli/target/dativo.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no Dativo CLI jar at " + jar + "; build it with "
                    + "mvn -o -q -DskipTests package -pl dativo-cli -am");
        }
        List<String> engineNames = new ArrayList<>(List.of(Engines.DATIVO, Engines.DUCKDB));
        if (Boolean.getBoolean("bench.spark")) {
            engineNames.add(Engines.SPARK);
        }
        Path launcher = null;
        if (!"false".equals(System.getProperty("bench.dativo.launcher"))) {
            // the launcher runs the jar beside it: dativo-cli/target/dativo.jar of its folder
            launcher = jar.getParent().getParent().getParent().resolve("dativo");
            if (!Files.isExecutable(launcher)) {
                throw new IllegalStateException("no launcher at " + launcher + " for the jar " + jar
                        + "; run with -Dbench.dativo.launcher=false for java -jar");
            }
        }
        Engines engines = new Engines(jar, launcher, data.resolve("cds"), System.getProperty("bench.dativo.jvm"),
                System.getProperty("bench.spark.jvm"));
        List<BenchCase> cases = cases(data, rows,
                List.of(System.getProperty("bench.cases", "lineitem-csv,lineitem-jsonl,narrow-csv").split(",")));

        String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String loadBefore = loadAverage();
        System.out.printf("%,d rows, %d rounds after %d warm-up, engines %s, Java %s, %d cores, load %s%n", rows,
                rounds, warmup, engineNames, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), loadBefore);
        if (rounds < 3) {
            System.out.println("Fewer than 3 rounds: a smoke test, not a result.");
        }
        Report report = new Report(engineNames);
        Map<String, Digest> reference = new HashMap<>();
        Map<String, String> referenceEngine = new HashMap<>();
        for (int round = -warmup; round < rounds; round++) {
            for (BenchCase c : cases) {
                List<String> order = rotated(engineNames, round + warmup);
                for (String engine : order) {
                    Path dir = data.resolve("runs").resolve(c.name()).resolve(engine);
                    deleteTree(dir);
                    Files.createDirectories(dir);
                    Path out = dir.resolve("out");
                    Measured m = ChildRun.run(engines.command(engine, c, dir, out), dir, engines.env(engine),
                            TIMEOUT);
                    Digest digest = OutputCheck.digest(c, out);
                    OutputCheck.compare(c, engine, digest, referenceEngine.get(c.name()), reference.get(c.name()));
                    if (reference.putIfAbsent(c.name(), digest) == null) {
                        referenceEngine.put(c.name(), engine);
                    }
                    System.out.printf("%s %-14s %-6s wall %6.2f s  cpu %6.2f s  peak RSS %5.0f MB  rows %,d%s%n",
                            round < 0 ? "warm-up" : "round " + (round + 1), c.name(), engine, m.wallSeconds(),
                            m.cpuSeconds(), m.peakRssMb(), digest.rows(),
                            round == -warmup ? "  types " + digest.types().values() : "");
                    if (round >= 0) {
                        report.add(c.name(), engine, round, m);
                    }
                    deleteTree(out);
                }
            }
        }
        String tables = report.markdown();
        String header = String.format("%,d rows, %d rounds (engine order rotated each round) after %d warm-up, "
                        + "started %s, load average %s before and %s after; every output held %,d rows with the "
                        + "same per-column checksums.%n%n", rows, rounds, warmup, started, loadBefore, loadAverage(),
                rows);
        System.out.println();
        System.out.print(header + tables);
        Files.writeString(data.resolve("results-" + rows + ".md"), header + tables, StandardCharsets.UTF_8);
    }

    private static List<BenchCase> cases(Path data, long rows, List<String> names) throws IOException {
        Path csv = data.resolve("tpch-lineitem-" + rows + ".csv");
        Path jsonl = data.resolve("tpch-lineitem-" + rows + ".jsonl");
        List<BenchCase> cases = new ArrayList<>();
        for (String name : names) {
            switch (name.trim()) {
                case "lineitem-csv":
                    Lineitem.generate(rows, csv, jsonl);
                    cases.add(new BenchCase("lineitem-csv", Lineitem.CONTRACT, csv, "csv", rows));
                    break;
                case "lineitem-jsonl":
                    Lineitem.generate(rows, csv, jsonl);
                    cases.add(new BenchCase("lineitem-jsonl", Lineitem.CONTRACT, jsonl, "jsonl", rows));
                    break;
                case "narrow-csv":
                    cases.add(new BenchCase("narrow-csv", CsvToParquet.LINEITEM, narrow(data, rows), "csv", rows));
                    break;
                default:
                    throw new IllegalArgumentException("unknown case " + name
                            + "; known: lineitem-csv, lineitem-jsonl, narrow-csv");
            }
        }
        return cases;
    }

    /** The 4-column file {@link CsvToParquet} converts, generated once and shared with it. */
    private static Path narrow(Path data, long rows) throws IOException {
        Path csv = data.resolve("lineitem-" + rows + ".csv");
        if (!Files.exists(csv)) {
            Path part = data.resolve(".lineitem-" + rows + ".csv.part");
            CsvToParquet.generate(part, rows);
            Files.move(part, csv, StandardCopyOption.REPLACE_EXISTING);
        }
        return csv;
    }

    private static List<String> rotated(List<String> engines, int by) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++) {
            order.add(engines.get((i + by) % engines.size()));
        }
        return order;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
