package io.dativo.core.config;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a job is and how to load it, as plain text that travels to another process: the job file, the directory
 * its relative paths resolve against, and variables that come before the environment. A driver plans a run from it
 * and each worker loads the same job from it; the job's files must be readable at the same paths on both. Variables
 * may hold secrets, so {@link #toString()} names them without their values.
 *
 * @param jobFile   the job file, absolute
 * @param baseDir   the directory relative paths in the job, its recipes and its contract resolve against, absolute
 * @param variables variables looked up before the environment
 */
public record JobLocation(String jobFile, String baseDir, Map<String, String> variables) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Makes the paths absolute and copies the variables. */
    public JobLocation {
        jobFile = Path.of(Objects.requireNonNull(jobFile, "jobFile")).toAbsolutePath().normalize().toString();
        baseDir = Path.of(Objects.requireNonNull(baseDir, "baseDir")).toAbsolutePath().normalize().toString();
        variables = variables == null ? Map.of() : Map.copyOf(new TreeMap<>(variables));
    }

    /** {@code jobFile} with relative paths resolved against the working directory and no extra variables. */
    public static JobLocation of(Path jobFile) {
        return new JobLocation(jobFile.toString(), Path.of("").toString(), Map.of());
    }

    /**
     * The job an engine's entry class is started with: {@code JOB.yaml [NAME=VALUE ...]}, relative paths resolved
     * against the working directory, the variables given before the environment.
     *
     * @throws IllegalArgumentException if no job is named or an argument after it is not {@code NAME=VALUE}
     */
    public static JobLocation fromArguments(String... args) {
        if (args.length < 1) {
            throw new IllegalArgumentException("no job named");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("a variable is NAME=VALUE, not '" + args[i] + "'");
            }
            variables.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return of(Path.of(args[0])).withVariables(variables);
    }

    /** This location with {@code values} as its variables. */
    public JobLocation withVariables(Map<String, String> values) {
        return new JobLocation(jobFile, baseDir, values);
    }

    /** Loads and checks the job, as {@link JobLoader#loadJob} does. */
    public JobLoader.Loaded load() {
        JobLoader loader = new JobLoader().withBaseDir(Path.of(baseDir));
        if (!variables.isEmpty()) {
            loader = loader.withVariables(variables);
        }
        return loader.loadJob(Path.of(jobFile));
    }

    @Override
    public String toString() {
        return "JobLocation[jobFile=" + jobFile + ", baseDir=" + baseDir + ", variables=" + variables.keySet() + "]";
    }
}
