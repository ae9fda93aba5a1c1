package io.dativo.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option of commands that work on one job. */
final class JobFile {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The job file.")
    Path config;
}
