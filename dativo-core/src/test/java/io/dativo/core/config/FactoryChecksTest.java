package io.dativo.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.ConfigException;
import io.dativo.api.ErrorKind;
import io.dativo.api.OptionSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.ReaderFactory;
import io.dativo.api.RowReader;
import io.dativo.api.WriteMode;
import io.dativo.api.WriterFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Settings checked at load against what the reader's and writer's factories declare, and the retry settings. */
class FactoryChecksTest {

    @TempDir
    Path dir;

    /** A factory whose readers cannot be made: loading a job that names it must not try. */
    public static final class LicensedReaderFactory implements ReaderFactory {
        @Override
        public Set<String> types() {
            return Set.of("licensed");
        }

        @Override
        public BaseReader create() {
            throw new IllegalStateException("no reader is made when a job is loaded");
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(OptionSpec.required("account", OptionSpec.Type.STRING, "the account to read"),
                    new OptionSpec("licence", OptionSpec.Type.STRING, null, false, true, "the licence key"));
        }
    }

    /** A writer factory that merges, so merge keys are checked against the contract. */
    public static final class MergingWriterFactory implements WriterFactory {
        @Override
        public Set<String> types() {
            return Set.of("merging");
        }

        @Override
        public BaseWriter create() {
            throw new IllegalStateException("no writer is made when a job is loaded");
        }

        @Override
        public Set<WriteMode> writeModes() {
            return Set.of(WriteMode.APPEND, WriteMode.MERGE);
        }
    }

    /** A reader named by class, as before factories: it declares nothing, so nothing is refused. */
    public static final class OldStyleReader extends RowReader {
        @Override
        protected Iterator<List<Map<String, Object>>> extractRows(ReadContext context) {
            return List.<List<Map<String, Object>>>of().iterator();
        }
    }

    static final String ASSET = "name: a\nschema:\n  - {name: id, type: integer, primaryKey: true}\n"
            + "  - {name: region, type: string}\n";

    static final String JOB = """
            tenant_id: t
            source_connector: csv
            target_connector: local
            asset_path: asset.yaml
            source:
              files: [{path: x.csv}]
              engine:
                options:
                  batch_size: 100
            target:
              connection: {path: out}
            """;

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("batch_size not a number", JOB.replace("batch_size: 100", "batch_size: \"lots\""),
                        "job.yaml", 9, 19, "source.engine.options.batch_size", "expected an integer, found 'lots'"),
                Arguments.of("header not a boolean", JOB.replace("batch_size: 100", "header: maybe"),
                        "job.yaml", 9, 15, "source.engine.options.header",
                        "expected true or false, or auto, found 'maybe'"),
                Arguments.of("unknown option", JOB.replace("batch_size: 100", "delimeter: ';'"),
                        "job.yaml", 9, 7, "source.engine.options.delimeter",
                        "unknown option 'delimeter' for the csv reader; did you mean 'delimiter'?"),
                Arguments.of("strategy the reader lacks", JOB.replace("  engine:\n",
                                "  incremental: {strategy: updated_at, cursor_field: id}\n  engine:\n"),
                        "job.yaml", 7, 27, "source.incremental.strategy",
                        "the csv reader does not support incremental strategy 'updated_at'; it supports: "
                                + "file_modified_time, full_refresh"),
                Arguments.of("write mode the writer lacks", JOB + "  write_mode: merge\n", "job.yaml", 12, 15,
                        "target.write_mode", "the local writer does not support write_mode 'merge'; it supports: "
                                + "append, overwrite"),
                Arguments.of("bad retry pattern", JOB + "retry_config:\n  retryable_error_patterns: [ok, \"(unclosed\"]\n",
                        "job.yaml", 13, 34, "retry_config.retryable_error_patterns[1]",
                        "not a regular expression: Unclosed group"),
                Arguments.of("negative delay", JOB + "retry_config:\n  initial_delay_seconds: -5\n", "job.yaml", 13,
                        26, "retry_config.initial_delay_seconds", "expected a delay of 0 seconds or more, found -5"),
                Arguments.of("negative retry count", JOB + "retry_config: {max_retries: -1}\n", "job.yaml", 12, 29,
                        "retry_config.max_retries", "expected a retry count of 0 or more, found -1"),
                Arguments.of("merge key not in the contract", JOB.replace("target_connector: local",
                                "target_connector: merging") + "  write_mode: merge\n  merge_keys: [idd]\n",
                        "job.yaml", 13, 16, "target.merge_keys", "merge key 'idd' is not a field of asset 'a'; "
                                + "did you mean 'id'?"),
                Arguments.of("job name unfit for paths", "name: ../escape\n" + JOB, "job.yaml", 1, 7, "name",
                        "a job name holds letters, digits"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void badSettingsAreReportedAtTheirPlace(String what, String job, String file, int line, int column, String path,
                                            String message) throws Exception {
        ConfigException e = load(job);
        assertThat(e).as(what).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.CONFIG);
        assertThat(e.problems()).as(e.getMessage()).anySatisfy(p -> {
            assertThat(p.file()).endsWith(file);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.column()).isEqualTo(column);
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.message()).contains(message);
        });
    }

    @Test
    void anOptionFromTheRecipeIsReportedInTheRecipe() throws Exception {
        Files.writeString(dir.resolve("csv.yaml"), """
                name: csv
                type: csv
                roles: [source]
                default_engine:
                  type: native
                  options:
                    native: {chunk_size: lots, encoding: utf-8}
                """);
        ConfigException e = load(JOB.replace("source_connector: csv", "source_connector: csv\n"
                + "source_connector_path: csv.yaml").replace("      batch_size: 100\n", "      encoding: utf-8\n"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).endsWith("csv.yaml");
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.message()).isEqualTo("expected an integer, found 'lots'");
        });
    }

    @Test
    void aFactoryNamedByClassIsAskedWithoutMakingAReaderAndItsSecretOptionsAreMasked() throws Exception {
        Path job = write(JOB.replace("source_connector: csv", "source_connector: licensed")
                .replace("files: [{path: x.csv}]", "custom_reader: " + LicensedReaderFactory.class.getName())
                .replace("batch_size: 100", "licence: ABC-123-XYZ"));
        ConfigException missing = catchThrowableOfType(ConfigException.class, () -> loader().load(job));
        assertThat(missing.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("source.engine.options.account");
            assertThat(p.message()).contains("needs option 'account' (the account to read)");
            assertThat(p.line()).isEqualTo(9);
        });
        Files.writeString(job, Files.readString(job).replace("licence:", "account: acme\n      licence:"));
        JobLoader.Loaded loaded = loader().loadJob(job);
        assertThat(loaded.masker().mask("rejected key ABC-123-XYZ")).isEqualTo("rejected key ****");
    }

    @Test
    void aReaderNamedByClassAcceptsAnyOptionAndStrategy() throws Exception {
        JobSpec spec = loader().load(write(JOB.replace("files: [{path: x.csv}]", "custom_reader: "
                        + OldStyleReader.class.getName() + "\n  incremental: {strategy: updated_at, cursor_field: id}")
                .replace("batch_size: 100", "anything: [1, 2]")));
        assertThat(spec.source().incremental().strategy()).isEqualTo("updated_at");
    }

    @Test
    void mergeKeysDefaultToThePrimaryKeyAndTheJobNameToTheFileName() throws Exception {
        JobSpec spec = loader().load(write(JOB.replace("target_connector: local", "target_connector: merging")
                + "  write_mode: merge\n"));
        assertThat(spec.target().writeMode()).isEqualTo(WriteMode.MERGE);
        assertThat(spec.target().mergeKeys()).containsExactly("id");
        assertThat(spec.asset().primaryKey()).containsExactly("id");
        assertThat(spec.name()).isEqualTo("job");
        JobSpec named = loader().load(write("name: orders\n" + JOB.replace("target_connector: local",
                "target_connector: merging") + "  write_mode: merge\n  merge_keys: [region, id]\n"));
        assertThat(named.target().mergeKeys()).containsExactly("region", "id");
        assertThat(named.name()).isEqualTo("orders");
    }

    @Test
    void mergingWithoutKeysIsRefused() throws Exception {
        ConfigException e = load(JOB.replace("target_connector: local", "target_connector: merging")
                + "  write_mode: merge\n  merge_keys: []\n");
        assertThat(e.getMessage()).contains("job.yaml:12:15 target.write_mode: write_mode merge needs "
                + "target.merge_keys or primaryKey fields in the contract");
    }

    @Test
    void aJobWithoutConnectorsIsReportedNotLookedUp() throws Exception {
        ConfigException e = load("tenant_id: t\nasset_path: asset.yaml\nsourc: {}\ntarget: {connection: {path: out}}\n");
        assertThat(e.getMessage()).contains("missing required key 'source'").contains("did you mean 'source'?")
                .contains("give source_connector");
    }

    private JobLoader loader() throws Exception {
        Files.writeString(dir.resolve("asset.yaml"), ASSET);
        return new JobLoader().withBaseDir(dir).withSecretSource(n -> Optional.empty());
    }

    private Path write(String job) throws Exception {
        return Files.writeString(dir.resolve("job.yaml"), job);
    }

    private ConfigException load(String job) throws Exception {
        JobLoader loader = loader();
        Path file = write(job);
        return catchThrowableOfType(ConfigException.class, () -> loader.load(file));
    }
}
