package io.dativo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dativo.api.ConfigException;
import io.dativo.api.ConfigProblem;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.config.JobLoader;
import io.dativo.core.config.JobSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command takes, and how commands print and fail. */
class Cli {

    static final int OK = 0;
    static final int WARNINGS = 1;
    static final int FAILED = 2;
    static final int TIMED_OUT = 124;
    static final int CANCELLED = 130;

    /** The mapper for {@code --json} output, made on first use: a text-mode command never pays for it. */
    static ObjectMapper json() {
        return JsonHolder.MAPPER;
    }

    private static final class JsonHolder {
        static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Option(names = "--json", description = "Print machine-readable JSON on standard output.")
    boolean json;

    // defaults as initial values, which picocli takes as its defaults too, so that RunArgs needs no copy of them
    @Option(names = "--log-format", paramLabel = "text|json",
            description = "Log lines on standard error as text (default) or JSON lines.")
    String logFormat = "text";

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "trace, debug, info, warn (default) or error.")
    String logLevel = "warn";

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    @Option(names = "--base-dir", paramLabel = "DIR",
            description = "Resolve relative paths in the job files against DIR (default: the working directory).")
    Path baseDir;

    /** Applies the logging options; call before anything logs. */
    void apply() {
        System.setProperty(CliLogging.FORMAT, logFormat);
        System.setProperty(CliLogging.LEVEL, logLevel);
        System.setProperty("dativo.verbose", String.valueOf(verbose));
    }

    /** The job in {@code file}; from now on, everything the command prints is masked with its secrets too. */
    Pipeline pipeline(Path file) {
        Pipeline pipeline = Pipeline.fromYaml(file, loader());
        MaskedOutput.add(pipeline.masker());
        return pipeline;
    }

    /** The job in {@code file}, loaded without running anything, its secrets masked from now on as above. */
    JobSpec load(Path file) {
        JobLoader.Loaded loaded = loader().loadJob(file);
        MaskedOutput.add(loaded.masker());
        return loaded.spec();
    }

    JobLoader loader() {
        JobLoader loader = new JobLoader();
        return baseDir == null ? loader : loader.withBaseDir(baseDir);
    }

    void print(Object value, String text) throws Exception {
        System.out.println(json ? json().writeValueAsString(value) : text);
    }

    static int exitCode(RunResult r) {
        return switch (r.status()) {
            case SUCCEEDED -> OK;
            case SUCCEEDED_WITH_WARNINGS -> WARNINGS;
            case FAILED -> FAILED;
            case TIMED_OUT -> TIMED_OUT;
            case CANCELLED -> CANCELLED;
        };
    }

    /**
     * Prints an error as {@link #fail(Throwable)} does and, for {@code --json}, also one JSON line with the error and
     * the exit code on standard output; returns the failure code, even when printing fails.
     */
    static int fail(Throwable e, boolean json) {
        try {
            fail(e);
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("error", message(e));
                out.put("error_type", e.getClass().getName());
                out.put("exit_code", FAILED);
                System.out.println(json().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
            }
        } catch (Throwable printing) {
            System.err.println("error: " + e.getClass().getName());
        }
        return FAILED;
    }

    /** One line saying what failed; an {@link Error}'s message alone ("Java heap space") would not say what it is. */
    private static String message(Throwable e) {
        if (e instanceof ConfigException c) {
            return c.problems().size() == 1 ? c.problems().get(0).toString()
                    : c.problems().size() + " configuration problems: " + c.problems().get(0) + " ...";
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        message = message.lines().findFirst().orElse(message);
        if (e instanceof Error || message.isEmpty()) {
            return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        }
        return message;
    }

    /** Prints an error as one line (a configuration error: one line per problem) and returns the failure code. */
    static int fail(Throwable e) {
        if (e instanceof ConfigException c && c.problems().size() == 1) {
            System.err.println("error: " + c.problems().get(0));
        } else if (e instanceof ConfigException c) {
            System.err.println("error: " + c.problems().size() + " configuration problems");
            for (ConfigProblem p : c.problems()) {
                System.err.println("  " + p);
            }
        } else {
            System.err.println("error: " + message(e));
        }
        if (Boolean.getBoolean("dativo.verbose")) {
            e.printStackTrace(System.err);
        }
        return FAILED;
    }
}
