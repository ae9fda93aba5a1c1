package io.dativo.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The input of the engine benchmark ({@code bench/engine-bench.sh}): the lineitem CSV case's rows cut into 8 files
 * under {@code DIR/data}, with the case's contract and a job that writes Parquet to {@code ${OUT}}, split into files
 * of 32 MB so that the plan has several splits for each core. Run as {@code EngineBenchData ROWS DIR}; the generated
 * lineitem file is kept under {@code bench.data} (default {@code data}) for the next run.
 */
public final class EngineBenchData {

    private static final int FILES = 8;

    private EngineBenchData() {
    }

    /** Writes the input for {@code args[0]} rows under {@code args[1]}. */
    public static void main(String[] args) throws IOException {
        long rows = Long.parseLong(args[0]);
        Path dir = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        Path data = Files.createDirectories(Path.of(System.getProperty("bench.data", "data")).toAbsolutePath());
        Path csv = data.resolve("tpch-lineitem-" + rows + ".csv");
        Lineitem.generate(rows, csv, data.resolve("tpch-lineitem-" + rows + ".jsonl"));
        Path parts = Files.createDirectories(dir.resolve("data"));
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            for (int f = 0; f < FILES; f++) {
                long lines = rows * (f + 1) / FILES - rows * f / FILES;
                try (BufferedWriter out = Files.newBufferedWriter(parts.resolve("lineitem-" + f + ".csv"),
                        StandardCharsets.UTF_8)) {
                    out.write(header);
                    out.write('\n');
                    for (long i = 0; i < lines; i++) {
                        out.write(in.readLine());
                        out.write('\n');
                    }
                }
            }
        }
        BenchCase c = new BenchCase("lineitem-csv", Lineitem.CONTRACT, parts.resolve("*.csv"), "csv", rows);
        Files.writeString(dir.resolve("contract.yaml"), c.contractYaml(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("job.yaml"), c.jobYaml(Path.of("${OUT}")).replace("  file_format: parquet\n", "  file_format: parquet\n  target_file_size_mb: 32\n"),
                StandardCharsets.UTF_8);
    }
}
