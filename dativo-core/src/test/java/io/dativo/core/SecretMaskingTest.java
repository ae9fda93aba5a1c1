package io.dativo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dativo.api.AssetDefinition;
import io.dativo.api.BaseReader;
import io.dativo.api.BatchSink;
import io.dativo.api.ConnectionCheck;
import io.dativo.api.DataType;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.FieldSpec;
import io.dativo.api.FileSpec;
import io.dativo.api.IncrementalSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.testkit.LeakCheckedAllocator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Secrets never leave the library: results, failures with their causes and suppressed ones, checks, state. */
class SecretMaskingTest {

    static final String PW = "S3cr3tPw_xyz";
    static final AssetDefinition IDS = AssetDefinition.of("ids", List.of(FieldSpec.of("id", DataType.LONG, true)));

    @TempDir
    Path dir;
    @RegisterExtension
    final LeakCheckedAllocator allocator = new LeakCheckedAllocator();

    /** A reader that puts the password of its credentials into every message it has. */
    static final class Blabbing implements BaseReader {
        private String password;
        private boolean extracted;
        private final boolean failExtract;

        Blabbing(boolean failExtract) {
            this.failExtract = failExtract;
        }

        @Override
        public void open(SourceConfig source) {
            password = String.valueOf(source.credentials().get("password"));
        }

        @Override
        public void extract(ReadContext context, BatchSink sink) {
            extracted = true;
            if (failExtract) {
                throw new IllegalStateException("login as bob with password " + password + " refused");
            }
        }

        @Override
        public ConnectionCheck checkConnection() {
            return ConnectionCheck.failed("AUTH " + password, "cannot log in with " + password);
        }

        @Override
        public List<DiscoveredObject> discover() {
            throw new IllegalStateException("cannot list tables as bob/" + password);
        }

        @Override
        public void close() {
            if (extracted) {
                throw new IllegalStateException("cannot close session of password " + password);
            }
        }
    }

    private Pipeline.Builder job(SourceConfig.Builder source) {
        return Pipeline.builder().tenant("t").asset(IDS).allocator(allocator)
                .source(source.credentials(Map.of("user", "bob", "password", PW)).baseDir(dir.toString()).build())
                .target(TargetConfig.local(dir.resolve("out").toString(), "parquet", List.of()));
    }

    private static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void aPluginsExtractAndCloseFailuresAreMaskedInTheResultAndItsStackTrace() {
        RunResult r = job(SourceConfig.builder("custom")).reader(() -> new Blabbing(true)).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("with password **** refused").doesNotContain(PW);
        String trace = printed(r.failure());
        assertThat(trace).contains("cannot close session of password ****").doesNotContain(PW);
        assertThat(r.toString()).doesNotContain(PW);
    }

    @Test
    void aCloseFailureAloneIsMasked() {
        RunResult r = job(SourceConfig.builder("custom")).reader(() -> new Blabbing(false)).build().run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("cannot close session of password ****").doesNotContain(PW);
        assertThat(printed(r.failure())).doesNotContain(PW);
    }

    @Test
    void checkAndDiscoverMaskWhatAPluginSays() {
        Pipeline p = job(SourceConfig.builder("custom")).reader(() -> new Blabbing(false)).build();
        Pipeline.Checks checks = p.check();
        assertThat(checks.source().message()).isEqualTo("cannot log in with ****");
        assertThat(checks.source().errorCode()).isEqualTo("AUTH ****");
        Throwable discover = catchThrowable(p::discover);
        assertThat(discover).hasMessageContaining("cannot list tables as ****/****");
        assertThat(printed(discover)).doesNotContain(PW);
    }

    @Test
    void checkMasksASourcePathHoldingAKnownSecret() {
        Pipeline p = job(SourceConfig.builder("csv").files(List.of(new FileSpec("missing_" + PW + ".csv", "ids",
                null)))).build();
        ConnectionCheck source = p.check().source();
        assertThat(source.success()).isFalse();
        assertThat(source.message()).contains("missing_****.csv").doesNotContain(PW);
        RunResult r = p.run();
        assertThat(r.error()).contains("missing_****.csv").doesNotContain(PW);
    }

    @Test
    void aPasswordInAJdbcStatePathIsMaskedInRunsAndStateCommands() throws Exception {
        Files.writeString(dir.resolve("ids.csv"), "id\n1\n");
        for (String url : List.of("jdbc:nosuch://bob:" + PW + "@dbhost/db",
                "jdbc:nosuch://dbhost/db;user=bob;PASSWORD=" + PW,
                "jdbc:nosuch://dbhost/db?user=bob&password=" + PW)) {
            Pipeline p = Pipeline.builder().tenant("t").asset(IDS).allocator(allocator)
                    .source(SourceConfig.builder("csv").files(List.of(new FileSpec("ids.csv", "ids", null)))
                            .incremental(new IncrementalSpec("file_modified_time", null, 0, url))
                            .baseDir(dir.toString()).build())
                    .target(TargetConfig.local(dir.resolve("out").toString(), "parquet", List.of())).build();
            RunResult r = p.run();
            assertThat(r.status()).as(url).isEqualTo(RunStatus.FAILED);
            assertThat(r.error()).as(url).contains("****").doesNotContain(PW);
            assertThat(printed(r.failure())).as(url).doesNotContain(PW);
            Throwable show = catchThrowable(p::state);
            assertThat(show).as(url).isNotNull();
            assertThat(printed(show)).as(url).doesNotContain(PW);
            Throwable reset = catchThrowable(() -> p.resetState(null));
            assertThat(printed(reset)).as(url).doesNotContain(PW);
            assertThat(p.spec().toString()).as(url).doesNotContain(PW);
        }
    }
}
