package io.dativo.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How each engine is started as a fresh process for one case: Dativo as its command line jar on a generated job,
 * DuckDB as a JVM running one COPY through its JDBC driver, Spark as a local[2] session in a JVM of its own.
 */
final class Engines {

    static final String DATIVO = "dativo";
    static final String DUCKDB = "duckdb";
    static final String SPARK = "spark";

    private final String java;
    private final Path dativoJar;
    private final Path launcher;
    private final Path launcherCache;
    private final String dativoJvmText;
    private final List<String> dativoJvm;
    private final List<String> sparkJvm;

    /**
     * @param dativoJar     the CLI's runnable jar
     * @param launcher      the {@code dativo} launcher script that runs {@code dativoJar} with its JVM settings and
     *                      class data sharing archive, as users run the CLI; or {@code null} for a plain
     *                      {@code java -jar}
     * @param launcherCache the launcher's cache folder, where it keeps its archive
     * @param dativoJvm     JVM options for Dativo beyond the launcher's or the manifest's (none by default)
     * @param sparkJvm      JVM options Spark's own launcher would add
     */
    Engines(Path dativoJar, Path launcher, Path launcherCache, String dativoJvm, String sparkJvm) {
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.dativoJar = dativoJar;
        this.launcher = launcher;
        this.launcherCache = launcherCache;
        this.dativoJvmText = dativoJvm == null ? "" : dativoJvm.trim();
        this.dativoJvm = words(dativoJvm);
        this.sparkJvm = words(sparkJvm);
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    /** The command that converts the case's input into Parquet files under {@code out}, run in {@code dir}. */
    List<String> command(String engine, BenchCase c, Path dir, Path out) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        switch (engine) {
            case DATIVO:
                Files.writeString(dir.resolve("contract.yaml"), c.contractYaml(), StandardCharsets.UTF_8);
                Files.writeString(dir.resolve("job.yaml"), c.jobYaml(out), StandardCharsets.UTF_8);
                if (launcher != null) {
                    return List.of(launcher.toString(), "run", "--config", "job.yaml");
                }
                cmd.addAll(dativoJvm);
                cmd.addAll(List.of("-jar", dativoJar.toString(), "run", "--config", "job.yaml"));
                return cmd;
            case DUCKDB:
                Files.createDirectories(out);
                cmd.addAll(List.of("-cp", location(DuckDbCopy.class) + ":" + location(duckDbDriver()),
                        DuckDbCopy.class.getName(), c.duckDbCopy(out)));
                return cmd;
            case SPARK:
                cmd.addAll(sparkJvm);
                // Spark logs every stage at INFO by default; a job run in production logs at WARN.
                cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.dativo.bench.SparkCopy",
                        c.format(), c.input().toString(), c.ddl(), out.toString(), dir.resolve("spark-local").toString()));
                return cmd;
            default:
                throw new IllegalArgumentException("unknown engine " + engine);
        }
    }

    /**
     * Environment the engine's process needs: Spark's driver stays on the loopback address; the launcher keeps its
     * archive in the benchmark's folder and passes on the extra JVM options.
     */
    Map<String, String> env(String engine) {
        if (engine.equals(DATIVO) && launcher != null) {
            return Map.of("DATIVO_CACHE_DIR", launcherCache.toString(), "DATIVO_JAVA_OPTS", dativoJvmText,
                    "JAVA_HOME", System.getProperty("java.home"));
        }
        return engine.equals(SPARK) ? Map.of("SPARK_LOCAL_IP", "127.0.0.1") : Map.of();
    }

    private static Class<?> duckDbDriver() {
        try {
            return Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("DuckDB's JDBC driver is not on the class path", e);
        }
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
