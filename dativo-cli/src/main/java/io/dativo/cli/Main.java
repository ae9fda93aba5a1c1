package io.dativo.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dativo} command. Exit codes: 0 success, 1 success with validation warnings, 2 failure, 124 out of time,
 * 130 cancelled (SIGTERM, Ctrl-C).
 */
@Command(name = "dativo", mixinStandardHelpOptions = true, version = "dativo 0.1.0",
        description = "Moves data from sources to targets, checked against a data contract.",
        footer = {"", "Exit codes: 0 success (also when there was nothing new), 1 success with validation warnings,"
                + " 2 failure, 124 out of time (--timeout), 130 cancelled (SIGTERM, Ctrl-C)."})
public final class Main {

    /**
     * The subcommands, in the order the help lists them; a method rather than a constant, so that a run read by
     * {@link RunArgs} loads no picocli class at all.
     */
    static List<Class<?>> subcommands() {
        return List.of(RunCommand.class, CheckCommand.class, DiscoverCommand.class, ValidateCommand.class,
                PluginsCommand.class, StateCommand.class, RecoverCommand.class, CommandLine.HelpCommand.class);
    }

    private Main() {
    }

    /**
     * The command line for {@code args}: with only the subcommand they name when they start with one, since
     * picocli's model of every subcommand's options costs a fresh JVM more than the rest of a small run's start;
     * with all of them otherwise ({@code help}, {@code --help}, a mistyped name), so help and errors list them all.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new Main());
        Class<?> named = null;
        List<Class<?>> all = subcommands();
        if (args.length > 0 && !args[0].equals("help")) {
            for (Class<?> c : all) {
                if (c.getAnnotation(Command.class).name().equals(args[0])) {
                    named = c;
                }
            }
        }
        for (Class<?> c : named != null ? List.of(named) : all) {
            cli.addSubcommand(c);
        }
        return cli;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        boolean json = Arrays.asList(args).contains("--json");
        try (MaskedOutput ignored = MaskedOutput.install()) {
            Optional<RunCommand> run = RunArgs.parse(args);
            if (run.isPresent()) {
                try {
                    return run.get().call();
                } catch (Throwable e) {
                    return Cli.fail(e, json);
                }
            }
            CommandLine cli = commandLine(args);
            cli.setParameterExceptionHandler((e, a) -> {
                e.getCommandLine().getErr().println("error: " + e.getMessage());
                e.getCommandLine().getErr().println("see: " + e.getCommandLine().getCommandSpec().qualifiedName()
                        + " --help");
                return Cli.FAILED;
            });
            cli.setExecutionExceptionHandler((e, c, p) -> Cli.fail(e, json));
            try {
                return cli.execute(args);
            } catch (Throwable e) {
                // Errors (out of memory, stack overflow, a plugin's failed linkage) pass picocli's handler, which
                // takes exceptions only; left to the JVM they would exit with 1, the code of success with warnings.
                return Cli.fail(e, json);
            }
        }
    }
}
