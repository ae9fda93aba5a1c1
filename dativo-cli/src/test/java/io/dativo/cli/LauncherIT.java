package io.dativo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dativo.cli.CliIT.Result;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dativo} shell launcher, run as a person runs it: the first {@code run} records a class data sharing
 * archive in the cache folder and later commands map it; a cache folder that cannot be written, a truncated or
 * corrupt archive or one recorded for another jar never changes what a command prints or its exit code. An archive
 * is named by its modification time and size when recorded, so that one changed since is not mapped.
 */
class LauncherIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LAUNCHER = Path.of(System.getProperty("dativo.launcher"));
    private static final Path EXAMPLE = LAUNCHER.toAbsolutePath().getParent().resolve("examples/quickstart");
    private static final String[] QUICKSTART = {"run", "--config", EXAMPLE.resolve("job.yaml").toString(),
            "--base-dir", EXAMPLE.toString(), "--json"};

    @TempDir
    Path dir;

    private Path cache;

    @BeforeEach
    void folders() {
        cache = dir.resolve("cache");
    }

    static Result launch(Path launcher, Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("DATIVO_JAVA_OPTS");
        pb.environment().remove("MALLOC_ARENA_MAX");
        pb.environment().remove("MALLOC_MMAP_THRESHOLD_");
        pb.environment().put("DATIVO_OUT", cwd.resolve("out").toString());
        pb.environment().putAll(env);
        return CliIT.collect(pb.start());
    }

    private Result run(Path cacheDir, String... extraEnv) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("DATIVO_CACHE_DIR", cacheDir.toString()));
        for (int i = 0; i < extraEnv.length; i += 2) {
            env.put(extraEnv[i], extraEnv[i + 1]);
        }
        return launch(LAUNCHER, dir, env, QUICKSTART);
    }

    /** The quickstart job ran, and printed nothing but its JSON: no JVM warning on either stream. */
    private static void assertClean(Result r) throws Exception {
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.at("/jobs/0/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(json.at("/jobs/0/records_written").asLong()).isEqualTo(5);
    }

    private List<Path> archives() throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).sorted().toList();
        }
    }

    private Path onlyArchive() throws IOException {
        List<Path> archives = archives();
        assertThat(archives).hasSize(1);
        return archives.get(0);
    }

    /** The class-load log of a run of the quickstart job. */
    private List<String> classLoads(Result[] result) throws Exception {
        Path log = dir.resolve("classes.log");
        Files.deleteIfExists(log);
        result[0] = run(cache, "DATIVO_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        return Files.readAllLines(log);
    }

    /** The classes a run of the quickstart job took from the archive. */
    private long classesFromArchive(Result[] result) throws Exception {
        return classLoads(result).stream().filter(l -> l.contains("shared objects file (top)")).count();
    }

    interface Damage {
        void apply(RandomAccessFile archive) throws IOException;
    }

    /** Records an archive with a run, then changes its bytes in place, keeping its name. */
    private void damageArchive(Damage damage) throws Exception {
        assertClean(run(cache));
        Path archive = onlyArchive();
        assertThat(archive.toFile().setWritable(true)).isTrue();
        try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
            damage.apply(f);
        }
    }

    @Test
    void theFirstRunRecordsAnArchiveThatLaterRunsMap() throws Exception {
        assertClean(run(cache));
        Path archive = onlyArchive();
        Instant modified = Files.getLastModifiedTime(archive).toInstant();
        assertThat(archive.getFileName().toString()).endsWith(String.format("-%d.%09d-%d.jsa",
                modified.getEpochSecond(), modified.getNano(), Files.size(archive)));
        assertThat(Files.list(cache).filter(f -> f.toString().endsWith(".tmp"))).isEmpty();

        Result[] second = new Result[1];
        List<String> loads = classLoads(second);
        assertThat(loads).filteredOn(l -> l.contains("shared objects file (top)")).hasSizeGreaterThan(1000);
        // a plain run is read without picocli, whose classes the archive cannot hold
        assertThat(loads).noneMatch(l -> l.contains(" picocli."));
        assertClean(second[0]);
        assertThat(onlyArchive()).isEqualTo(archive);
    }

    /** A JAVA_HOME whose java is {@code script}, and the launcher's environment that runs it without an archive. */
    private Map<String, String> fakeJava(String script) throws IOException {
        Path home = dir.resolve("jdk");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n" + script + "\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        return new HashMap<>(Map.of("JAVA_HOME", home.toString(), "DATIVO_CDS", "off"));
    }

    @Test
    void javaGetsTheLaunchersMallocSettingsUnlessTheEnvironmentHasItsOwn() throws Exception {
        Map<String, String> env = fakeJava("echo \"$MALLOC_MMAP_THRESHOLD_ $MALLOC_ARENA_MAX\"");
        assertThat(launch(LAUNCHER, dir, env, "--version").out().trim()).isEqualTo("131072 2");
        env.put("MALLOC_ARENA_MAX", "8");
        env.put("MALLOC_MMAP_THRESHOLD_", "1048576");
        assertThat(launch(LAUNCHER, dir, env, "--version").out().trim()).isEqualTo("1048576 8");
    }

    @Test
    void aRunCompilesWithC1OnlyMethodsCalledMoreOftenThanStartUpCodeAndOtherCommandsStopAtC1() throws Exception {
        Map<String, String> env = fakeJava("echo \"$@\"");
        List<String> run = List.of(launch(LAUNCHER, dir, env, "run", "--config", "job.yaml").out().trim().split(" "));
        assertThat(run).contains("-XX:Tier3InvocationThreshold=1000", "-XX:Tier4InvocationThreshold=100000")
                .doesNotContain("-XX:TieredStopAtLevel=1")
                // loops are compiled as by default
                .noneMatch(o -> o.startsWith("-XX:Tier3MinInvocationThreshold") || o.startsWith("-XX:Tier3Compile")
                        || o.startsWith("-XX:Tier3BackEdge"));
        assertThat(run.subList(run.indexOf("-jar"), run.size())).endsWith("run", "--config", "job.yaml");

        List<String> validate = List.of(launch(LAUNCHER, dir, env, "validate").out().trim().split(" "));
        assertThat(validate).contains("-XX:TieredStopAtLevel=1").noneMatch(o -> o.startsWith("-XX:Tier3"));

        // the user's options come after the launcher's, so the JVM takes theirs
        env.put("DATIVO_JAVA_OPTS", "-XX:Tier3InvocationThreshold=200");
        List<String> own = List.of(launch(LAUNCHER, dir, env, "run").out().trim().split(" "));
        assertThat(own.lastIndexOf("-XX:Tier3InvocationThreshold=200"))
                .isGreaterThan(own.indexOf("-XX:Tier3InvocationThreshold=1000"));
    }

    @Test
    void aCommandOtherThanRunOrAFailedRunKeepsNoArchive() throws Exception {
        Map<String, String> env = Map.of("DATIVO_CACHE_DIR", cache.toString());
        Result version = launch(LAUNCHER, dir, env, "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("dativo ");
        assertThat(archives()).isEmpty();

        Result failed = launch(LAUNCHER, dir, env, "run", "--config", "missing.yaml");
        assertThat(failed.exit()).isEqualTo(2);
        assertThat(failed.out()).isEmpty();
        assertThat(failed.err()).startsWith("error: ").doesNotContain("shared archive");
        assertThat(archives()).isEmpty();
        assertThat(Files.list(cache)).isEmpty();
    }

    @Test
    void aCacheFolderThatCannotBeCreatedOnlyCostsTheArchive() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertClean(run(file.resolve("dativo")));
        assertClean(run(file.resolve("dativo")));
        assertClean(run(cache, "DATIVO_CDS", "off"));
        assertThat(archives()).isEmpty();
    }

    @Test
    void aCorruptArchiveIsNotMappedAndTheRunGoesOn() throws Exception {
        damageArchive(f -> {
            f.seek(f.length() / 2);
            f.write("not what the JVM wrote here".getBytes(StandardCharsets.US_ASCII));
        });
        Result[] result = new Result[1];
        assertThat(classesFromArchive(result)).isZero();
        assertClean(result[0]);
    }

    @Test
    void anArchiveNamedByItsSizeAloneIsCheckedByTheJvm() throws Exception {
        // where stat shows no fraction of a second the name holds the size only, and the JVM checksums the archive
        assertClean(run(cache));
        Path sealed = onlyArchive();
        String name = sealed.getFileName().toString();
        String stem = name.substring(0, name.length() - ".jsa".length());
        String prefix = stem.substring(0, stem.lastIndexOf('-', stem.lastIndexOf('-') - 1) + 1);
        Path bySize = cache.resolve(prefix + Files.size(sealed) + ".jsa");
        Files.move(sealed, bySize);
        Result[] result = new Result[1];
        assertThat(classesFromArchive(result)).isGreaterThan(1000);
        assertClean(result[0]);

        assertThat(bySize.toFile().setWritable(true)).isTrue();
        try (RandomAccessFile f = new RandomAccessFile(bySize.toFile(), "rw")) {
            f.seek(f.length() / 2);
            f.write("not what the JVM wrote here".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(classesFromArchive(result)).isZero();
        assertClean(result[0]);
    }

    @Test
    void aTruncatedArchiveIsNotMappedAndIsRecordedAgain() throws Exception {
        damageArchive(f -> f.setLength(f.length() / 3));
        assertClean(run(cache));
        Path again = onlyArchive();
        assertThat(again.getFileName().toString()).endsWith("-" + Files.size(again) + ".jsa");
        Result[] result = new Result[1];
        assertThat(classesFromArchive(result)).isGreaterThan(1000);
        assertClean(result[0]);
    }

    @Test
    void anArchiveOfAnotherJarIsNotMappedAndTheRunGoesOn() throws Exception {
        // the same jar under another path: the JVM checks the recorded class path and refuses the archive
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy.resolve("dativo-cli/target"));
        Files.copy(LAUNCHER, copy.resolve("dativo"));
        Files.copy(Path.of(System.getProperty("dativo.jar")), copy.resolve("dativo-cli/target/dativo.jar"));
        Path otherCache = dir.resolve("other-cache");
        assertClean(launch(copy.resolve("dativo"), dir, Map.of("DATIVO_CACHE_DIR", otherCache.toString()),
                QUICKSTART));
        Path foreign;
        try (Stream<Path> files = Files.list(otherCache)) {
            foreign = files.filter(f -> f.toString().endsWith(".jsa")).findFirst().orElseThrow();
        }

        assertClean(run(cache));
        Path archive = onlyArchive();
        String name = archive.getFileName().toString();
        String stale = name.substring(0, name.lastIndexOf('-') + 1) + Files.size(foreign) + ".jsa";
        Files.delete(archive);
        Files.copy(foreign, cache.resolve(stale));

        Result[] result = new Result[1];
        assertThat(classesFromArchive(result)).isZero();
        assertClean(result[0]);
    }
}
