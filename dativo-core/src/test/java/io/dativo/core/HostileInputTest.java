package io.dativo.core;

import static io.dativo.core.testing.TestSupport.duckdb;
import static io.dativo.core.testing.TestSupport.filesUnder;
import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.core.config.JobLoader;
import io.dativo.testkit.LeakCheckedAllocator;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of the hostile-input corpus ({@code hostile/input/}): a job, its contract and source files that
 * are broken on purpose, and {@code expect.properties}, which says what must come of them. For each case: the run's
 * status, the error or first validation error with its file and line, nothing visible after a failure, every file
 * the run wrote readable by DuckDB (which refuses ill-formed UTF-8 and JSON), and what DuckDB reads back.
 *
 * <p>Keys of {@code expect.properties}: {@code status} (a {@link RunStatus}); {@code error} and {@code message}
 * (text the run's error, or its first validation error with its position, must contain); {@code position} (the
 * first validation error's file:line); {@code rows} (records DuckDB reads from the output); {@code rejects}
 * (records in {@code _rejects/}); {@code rejects_contain} and {@code rejects_exclude} (texts, separated by
 * {@code |}, the rejects must and must not hold); {@code folders} (the partition folders, separated by {@code |});
 * {@code query} and {@code result} (a DuckDB query, {@code {out}} standing for the output's Parquet files and
 * {@code {dir}} for the output directory, and its rows as text).
 */
class HostileInputTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    static Stream<String> cases() throws IOException, URISyntaxException {
        URL root = HostileInputTest.class.getResource("/hostile/input");
        try (Stream<Path> list = Files.list(Path.of(root.toURI()))) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileInputNeverBecomesBrokenOrWrongOutput(String name) throws Exception {
        Path source = Path.of(HostileInputTest.class.getResource("/hostile/input/" + name).toURI());
        Path work = dir.resolve(name);
        Files.createDirectories(work);
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, work.resolve(f.getFileName()));
            }
        }
        Properties expect = new Properties();
        try (Reader r = Files.newBufferedReader(work.resolve("expect.properties"), StandardCharsets.UTF_8)) {
            expect.load(r);
        }

        RunResult r = Pipeline.fromYaml(work.resolve("job.yaml"), new JobLoader().withBaseDir(work))
                .withAllocator(allocator).run();

        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.valueOf(expect.getProperty("status")));
        String said = r.error() != null ? r.error() : r.validation().firstErrors().isEmpty() ? ""
                : r.validation().firstErrors().get(0).position() + ": " + r.validation().firstErrors().get(0).message();
        for (String key : List.of("error", "message")) {
            if (expect.containsKey(key)) {
                assertThat(said).as(key).contains(expect.getProperty(key));
            }
        }
        if (expect.containsKey("position")) {
            assertThat(r.validation().firstErrors()).as("first validation error").isNotEmpty();
            assertThat(r.validation().firstErrors().get(0).position()).isEqualTo(expect.getProperty("position"));
        }

        Path out = work.resolve("out");
        List<String> visible = visibleFiles(out);
        if (r.status() == RunStatus.FAILED) {
            assertThat(visible).as("nothing is committed by a failed run").isEmpty();
        }
        List<String> data = new ArrayList<>();
        List<String> rejects = new ArrayList<>();
        for (String f : visible) {
            String path = out.resolve(f).toString().replace("'", "''");
            if (f.endsWith(".parquet")) {
                data.add(f);
                duckdb("SELECT count(*) FROM read_parquet('" + path + "')");
            } else if (f.endsWith(".csv")) {
                data.add(f);
                duckdb("SELECT count(*) FROM read_csv('" + path + "')");
            } else if (f.endsWith(".jsonl")) {
                (f.contains("_rejects") ? rejects : data).add(f);
                duckdb("SELECT count(*) FROM read_json('" + path + "', format = 'newline_delimited')");
            }
        }
        long rows = 0;
        for (String f : data) {
            String path = out.resolve(f).toString().replace("'", "''");
            rows += (Long) duckdb("SELECT count(*) FROM " + (f.endsWith(".parquet") ? "read_parquet" : "read_csv")
                    + "('" + path + "')").get(0).get(0);
        }
        assertThat(rows).as("records read back").isEqualTo(Long.parseLong(expect.getProperty("rows", "0")));

        StringBuilder rejected = new StringBuilder();
        for (String f : rejects) {
            rejected.append(Files.readString(out.resolve(f), StandardCharsets.UTF_8));
        }
        assertThat(rejected.toString().lines().count()).as("rejects")
                .isEqualTo(Long.parseLong(expect.getProperty("rejects", "0")));
        for (String s : split(expect.getProperty("rejects_contain"))) {
            assertThat(rejected.toString()).contains(s);
        }
        for (String s : split(expect.getProperty("rejects_exclude"))) {
            assertThat(rejected.toString()).doesNotContain(s);
        }
        if (expect.containsKey("folders")) {
            assertThat(data.stream().map(f -> f.substring(f.indexOf("region="), f.lastIndexOf('/'))).distinct()
                    .sorted()).containsExactlyElementsOf(split(expect.getProperty("folders")));
        }
        if (expect.containsKey("query")) {
            String query = expect.getProperty("query")
                    .replace("{out}", "read_parquet('" + out.toString().replace("'", "''") + "/**/*.parquet')")
                    .replace("{dir}", out.toString().replace("'", "''"));
            assertThat(duckdb(query).toString()).isEqualTo(expect.getProperty("result"));
        }
    }

    /** The files a reader of the target sees: none under a folder or with a name starting with '.'. */
    private static List<String> visibleFiles(Path out) throws IOException {
        return filesUnder(out).stream()
                .filter(f -> Arrays.stream(f.split("/")).noneMatch(part -> part.startsWith(".")))
                .toList();
    }

    private static List<String> split(String list) {
        return list == null ? List.of() : List.of(list.split("\\|"));
    }
}
