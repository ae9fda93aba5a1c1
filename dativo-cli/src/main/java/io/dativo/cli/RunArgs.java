package io.dativo.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of {@code dativo run} read without picocli. A run is what schedulers start again and again, and for a
 * small job picocli's part of a fresh JVM's start is the largest: it builds its model of the options from annotations
 * by reflection, and its classes, compiled for Java 5, are not kept in the launcher's class data sharing archive.
 * <p>
 * Only the plain forms are read here: {@code --name value}, {@code --name=value}, {@code -c FILE} and the flags
 * {@code --json}, {@code -v} and {@code --verbose}, each option at most once, exactly one of {@code --config} and
 * {@code --job-dir}, and a {@code --timeout} of digits. Anything else (help, version, a mistake, a repeated or
 * abbreviated option, a value that starts with a dash) is left to picocli, whose help and error messages stay the
 * only ones; the options, their defaults and their help text are still those declared on {@link RunCommand} and
 * {@link Cli}.
 */
final class RunArgs {

    private static final int MAX_TIMEOUT_DIGITS = 18;

    private RunArgs() {
    }

    /** The command {@code args} ask for, ready to call, or empty when picocli must read them. */
    static Optional<RunCommand> parse(String... args) {
        if (args.length == 0 || !args[0].equals("run")) {
            return Optional.empty();
        }
        RunCommand run = new RunCommand();
        run.jobs = new RunCommand.Jobs();
        run.cli = new Cli();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("-c")) {
                name = "--config";
            } else if (name.equals("-v")) {
                name = "--verbose";
            }
            if (!seen.add(name)) {
                return Optional.empty();
            }
            if (name.equals("--json") || name.equals("--verbose")) {
                if (value != null) {
                    return Optional.empty();
                }
                if (name.equals("--json")) {
                    run.cli.json = true;
                } else {
                    run.cli.verbose = true;
                }
                continue;
            }
            if (value == null) {
                if (i + 1 == args.length) {
                    return Optional.empty();
                }
                value = args[++i];
            }
            if (value.isEmpty() || value.startsWith("-") || !set(run, name, value)) {
                return Optional.empty();
            }
        }
        if ((run.jobs.config == null) == (run.jobs.jobDir == null)) {
            return Optional.empty();
        }
        return Optional.of(run);
    }

    /** Sets option {@code name} to {@code value}; false for a name or a value left to picocli. */
    private static boolean set(RunCommand run, String name, String value) {
        try {
            return setChecked(run, name, value);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static boolean setChecked(RunCommand run, String name, String value) {
        switch (name) {
            case "--config" -> run.jobs.config = Path.of(value);
            case "--job-dir" -> run.jobs.jobDir = Path.of(value);
            case "--mode" -> run.mode = value;
            case "--plugin-dir" -> run.pluginDir = Path.of(value);
            case "--registry" -> run.registry = Path.of(value);
            case "--timeout" -> {
                if (value.length() > MAX_TIMEOUT_DIGITS) {
                    return false;
                }
                for (int i = 0; i < value.length(); i++) {
                    if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                        return false;
                    }
                }
                run.timeout = Long.parseLong(value);
            }
            case "--log-format" -> run.cli.logFormat = value;
            case "--log-level" -> run.cli.logLevel = value;
            case "--base-dir" -> run.cli.baseDir = Path.of(value);
            default -> {
                return false;
            }
        }
        return true;
    }
}
