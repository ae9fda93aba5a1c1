package io.dativo.cli;

import io.dativo.api.ConfigException;
import io.dativo.api.FileMetadata;
import io.dativo.core.Pipeline;
import io.dativo.core.RunHandle;
import io.dativo.core.RunResult;
import io.dativo.core.config.JobIdentity;
import io.dativo.core.config.JobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dativo run}: one job, or every job of a folder. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a job, or every job of a folder (one tenant), and prints what each did.",
                "Exit code: 0 success or nothing new, 1 success with validation warnings, 2 failure, 124 out of "
                        + "time, 130 cancelled by SIGTERM or Ctrl-C (with --job-dir: the worst of the jobs).",
                "SIGTERM and Ctrl-C cancel the running job: nothing of it is committed and its staged files are "
                        + "removed within seconds."})
final class RunCommand implements Callable<Integer> {

    static final class Jobs {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The job file.")
        Path config;

        @Option(names = "--job-dir", required = true, paramLabel = "DIR",
                description = "Run every *.yaml job in DIR, in name order; all must have the same tenant.")
        Path jobDir;
    }

    @ArgGroup(multiplicity = "1")
    Jobs jobs;

    // defaults as initial values, which picocli takes as its defaults too, so that RunArgs needs no copy of them
    @Option(names = "--mode", paramLabel = "self_hosted|cloud",
            description = "cloud refuses plugin jars outside --plugin-dir and connectors kept out of cloud by their "
                    + "recipe or the --registry (default: ${DEFAULT-VALUE}).")
    String mode = "self_hosted";

    @Option(names = "--plugin-dir", paramLabel = "DIR",
            description = "The allow-listed plugin directory in cloud mode (default: ${DEFAULT-VALUE}).")
    Path pluginDir = Path.of("plugins");

    @Option(names = "--registry", paramLabel = "FILE",
            description = "A connector registry (connectors: NAME: {allowed_in_cloud: ...}) for cloud mode.")
    Path registry;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Stop a job that runs longer than this (exit code 124); overrides its timeout_seconds.")
    Long timeout;

    @Mixin
    Cli cli;

    @Override
    public Integer call() throws Exception {
        cli.apply();
        if (!mode.equals("self_hosted") && !mode.equals("cloud")) {
            System.err.println("error: --mode must be self_hosted or cloud, found '" + mode + "'");
            return Cli.FAILED;
        }
        if (timeout != null && timeout < 1) {
            System.err.println("error: --timeout must be at least 1 second, found " + timeout);
            return Cli.FAILED;
        }
        try (SignalStop stop = new SignalStop()) {
            int worst = runAll(stop);
            stop.exitCode(worst);
            return worst;
        }
    }

    private int runAll(SignalStop stop) throws Exception {
        List<Path> files = jobs.config != null ? List.of(jobs.config) : jobFiles(jobs.jobDir);
        if (files.size() > 1) {
            distinctNames(files);
        }
        List<Map<String, Object>> reports = new ArrayList<>();
        int worst = Cli.OK;
        String tenant = null;
        for (Path file : files) {
            if (stop.signalled()) {
                break;
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("job", file.toString());
            int code;
            try {
                Pipeline pipeline = cli.pipeline(file);
                JobSpec spec = pipeline.spec();
                if (tenant != null && !tenant.equals(spec.tenantId())) {
                    throw new IllegalArgumentException(file + " is for tenant '" + spec.tenantId()
                            + "', the other jobs of " + jobs.jobDir + " for '" + tenant + "'; run one tenant at a time");
                }
                tenant = spec.tenantId();
                if (mode.equals("cloud")) {
                    new CloudPolicy(pluginDir, registry, cli.loader().baseDir()).check(file, spec);
                }
                if (!cli.json && System.console() != null) {
                    pipeline = pipeline.withListener(new ProgressBar(System.err));
                }
                if (timeout != null) {
                    pipeline = pipeline.withTimeout(Duration.ofSeconds(timeout));
                }
                RunHandle handle = pipeline.start();
                stop.running(handle);
                RunResult r = handle.result();
                code = Cli.exitCode(r);
                describe(r, report);
                if (!cli.json) {
                    printSummary(file, r);
                }
                if (cli.verbose && r.failure() != null) {
                    r.failure().printStackTrace(System.err);
                }
            } catch (Exception e) {
                code = Cli.fail(e);
                report.put("status", "FAILED");
                report.put("error", e.getMessage());
            }
            report.put("exit_code", code);
            reports.add(report);
            worst = Math.max(worst, code);
        }
        if (jobs.jobDir != null && !cli.json) {
            printTable(reports);
        }
        if (cli.json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("jobs", reports);
            out.put("exit_code", worst);
            cli.print(out, null);
        }
        return worst;
    }

    /** Refuses, before any runs, jobs of the directory that share a tenant and name but not source and target. */
    private void distinctNames(List<Path> files) {
        Map<String, JobSpec> specs = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                specs.put(file.toString(), cli.loader().load(file));
            } catch (ConfigException e) {
                // reported with the job's own run below
            }
        }
        JobIdentity.checkDistinct(specs);
    }

    private static List<Path> jobFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("job directory not found: " + dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    static void describe(RunResult r, Map<String, Object> report) {
        report.put("status", r.status().name());
        report.put("run_id", r.runId());
        report.put("tenant_id", r.tenantId());
        report.put("records_read", r.recordsRead());
        report.put("records_valid", r.recordsValid());
        report.put("records_invalid", r.recordsInvalid());
        report.put("records_written", r.recordsWritten());
        report.put("duration_ms", r.timings().total().toMillis());
        RunResult.Throughput speed = r.throughput();
        report.put("bytes_read", r.bytesRead());
        report.put("records_per_second", Math.round(speed.recordsPerSecond()));
        report.put("megabytes_per_second", Math.round(speed.megabytesPerSecond() * 10) / 10.0);
        RunResult.Cpu cpu = r.timings().cpu();
        Map<String, Object> cpuReport = new LinkedHashMap<>();
        cpuReport.put("process_ms", cpu.process().toMillis());
        cpuReport.put("reading_ms", cpu.reading().toMillis());
        cpuReport.put("validating_ms", cpu.validating().toMillis());
        cpuReport.put("writing_ms", cpu.writing().toMillis());
        cpuReport.put("validation_share", Math.round(cpu.validationShare() * 1000) / 1000.0);
        report.put("cpu", cpuReport);
        report.put("attempts", r.attempts());
        List<Map<String, Object>> files = new ArrayList<>();
        for (FileMetadata f : r.files()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", f.path());
            m.put("size_bytes", f.sizeBytes());
            m.put("record_count", f.recordCount());
            m.put("partition_values", f.partitionValues());
            files.add(m);
        }
        report.put("files", files);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("total_errors", r.validation().totalErrors());
        v.put("errors_by_kind", r.validation().errorsByKind());
        v.put("errors_by_field", r.validation().errorsByField());
        v.put("dropped_columns", r.validation().droppedColumns());
        v.put("first_errors", r.validation().firstErrors());
        report.put("validation", v);
        report.put("state_after", r.stateAfter());
        if (!r.warnings().isEmpty()) {
            report.put("warnings", r.warnings());
        }
        if (r.failureKind() != null) {
            report.put("failure_kind", r.failureKind().name());
        }
        if (r.error() != null) {
            report.put("error", r.error());
        }
    }

    private static void printSummary(Path file, RunResult r) {
        RunResult.Throughput speed = r.throughput();
        RunResult.Cpu cpu = r.timings().cpu();
        System.out.printf("%s: %s  read %,d  written %,d  invalid %,d  files %d  %.1f s  %,.0f rows/s  %.1f MB/s"
                        + "  cpu %.1f s (validation %.0f%%)%n",
                file, r.status().name().toLowerCase().replace('_', ' '), r.recordsRead(), r.recordsWritten(),
                r.recordsInvalid(), r.files().size(), r.timings().total().toMillis() / 1000.0,
                speed.recordsPerSecond(), speed.megabytesPerSecond(), cpu.process().toMillis() / 1000.0,
                cpu.validationShare() * 100);
        r.validation().firstErrors().stream().limit(10).forEach(e -> System.out.printf("  invalid %s %s: %s%s%n",
                e.position(), e.field(), e.message(), e.count() > 1 ? " (" + e.count() + " records)" : ""));
        r.warnings().forEach(w -> System.out.println("  warning: " + w));
        if (r.error() != null) {
            System.out.println("  error: " + r.error().lines().findFirst().orElse(""));
        }
    }

    private static void printTable(List<Map<String, Object>> reports) {
        System.out.printf("%n%-40s %-24s %10s %10s %8s %5s%n", "job", "status", "read", "written", "invalid", "exit");
        for (Map<String, Object> r : reports) {
            System.out.printf("%-40s %-24s %10s %10s %8s %5s%n", Path.of((String) r.get("job")).getFileName(),
                    r.get("status"), r.getOrDefault("records_read", "-"), r.getOrDefault("records_written", "-"),
                    r.getOrDefault("records_invalid", "-"), r.get("exit_code"));
        }
    }
}
