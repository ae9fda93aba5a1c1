package io.dativo.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dativo.api.ConfigException;
import io.dativo.api.ConfigProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages about a job point at what to fix. */
class ConfigMessagesTest {

    @TempDir
    Path dir;

    private ConfigException load(String job) throws Exception {
        Files.writeString(dir.resolve("job.yaml"), job);
        return catchThrowableOfType(() -> new JobLoader().withBaseDir(dir).withSecretSource(n -> Optional.empty())
                .load(dir.resolve("job.yaml")), ConfigException.class);
    }

    @Test
    void anUnclosedQuoteIsReportedWhereItOpens() throws Exception {
        ConfigException e = load("tenant_id: \"acme\nasset_path: a.yaml\n");
        assertThat(e.problems()).hasSize(1);
        ConfigProblem p = e.problems().get(0);
        assertThat(p.line()).isEqualTo(1);
        assertThat(p.column()).isEqualTo(12);
        assertThat(p.message()).contains("while scanning a quoted scalar").endsWith("(it starts here and is not closed)");
    }

    @Test
    void aWordThatStartsWithAnAllowedValueGetsADidYouMeanAndTheChoicesOnce() throws Exception {
        ConfigException e = load("tenant_id: acme\nasset_path: a.yaml\nschema_validation_mode: warning\n");
        ConfigProblem p = e.problems().stream().filter(x -> x.path().equals("schema_validation_mode")).findFirst()
                .orElseThrow();
        assertThat(p.message()).isEqualTo("expected one of strict, warn, quarantine, found 'warning'; "
                + "did you mean 'warn'?");
    }
}
