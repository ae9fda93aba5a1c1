package io.dativo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dativo.api.ConfigException;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.core.config.JobIdentity;
import io.dativo.core.config.JobLoader;
import io.dativo.core.config.JobSpec;
import io.dativo.core.state.InMemoryStateStore;
import io.dativo.testkit.LeakCheckedAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs that share a tenant and a name share incremental state, so they must read and write the same things. */
class JobNameTest {

    @TempDir
    Path dir;

    private Path job(String file, String name, String out) throws Exception {
        return job(file, name, out, 100);
    }

    private Path job(String file, String name, String out, int batchSize) throws Exception {
        Files.writeString(dir.resolve(file), """
                tenant_id: acme
                name: %s
                source_connector: csv
                target_connector: local
                asset_path: asset.yaml
                source:
                  files: [{path: in/*.csv, object: ids}]
                  incremental: {strategy: file_modified_time}
                  engine: {options: {batch_size: %d}}
                target:
                  connection: {path: %s}
                """.formatted(name, batchSize, out));
        return dir.resolve(file);
    }

    private void fixtures() throws Exception {
        Files.writeString(dir.resolve("asset.yaml"), "name: ids\nschema:\n  - {name: id, type: integer}\n");
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/a.csv"), "id\n1\n2\n");
    }

    @Test
    void aSecondJobByTheSameNameWithAnotherTargetIsRefusedByTheStateStore() throws Exception {
        fixtures();
        InMemoryStateStore store = new InMemoryStateStore();
        JobLoader loader = new JobLoader().withBaseDir(dir);
        try (LeakCheckedAllocator allocator = new LeakCheckedAllocator()) {
            RunResult first = Pipeline.fromYaml(job("one.yaml", "ids", "out-one"), loader).withStateStore(store)
                    .withAllocator(allocator).run();
            assertThat(first.status()).as(first.error()).isEqualTo(RunStatus.SUCCEEDED);
            Pipeline same = Pipeline.fromYaml(job("one-again.yaml", "ids", "out-one"), loader).withStateStore(store)
                    .withAllocator(allocator);
            assertThat(same.run().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(same.state()).extracting(r -> r.key().object()).containsExactly("ids");

            RunResult other = Pipeline.fromYaml(job("two.yaml", "ids", "out-two"), loader).withStateStore(store)
                    .withAllocator(allocator).run();
            assertThat(other.status()).isEqualTo(RunStatus.FAILED);
            assertThat(other.failureCause()).get().isInstanceOfSatisfying(DativoException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFIG));
            assertThat(other.error()).contains("job 'ids' of tenant 'acme' has state written by a job with another "
                    + "source or target (csv [in/*.csv] -> local out-one, asset ids").contains("-> local out-two");
            assertThat(dir.resolve("out-two")).doesNotExist();
        }
    }

    @Test
    void jobsLoadedTogetherMayNotShareANameWithAnotherSourceOrTarget() throws Exception {
        fixtures();
        JobLoader loader = new JobLoader().withBaseDir(dir);
        Map<String, JobSpec> jobs = new LinkedHashMap<>();
        jobs.put("one.yaml", loader.load(job("one.yaml", "ids", "out-one")));
        jobs.put("tuned.yaml", loader.load(job("tuned.yaml", "ids", "out-one", 7)));
        JobIdentity.checkDistinct(jobs);
        jobs.put("two.yaml", loader.load(job("two.yaml", "ids", "out-two")));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> JobIdentity.checkDistinct(jobs));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("two.yaml");
            assertThat(p.message()).contains("job 'ids' of tenant 'acme' is also defined by one.yaml with another "
                    + "source or target");
        });
    }
}
