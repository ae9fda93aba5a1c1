package io.dativo.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.IncrementalSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaskerTest {

    @Test
    void aJobsMaskerKnowsThePasswordsOfItsUrlsWhereverAMessageRepeatsThem() {
        SourceConfig source = SourceConfig.builder("csv")
                .incremental(new IncrementalSpec("updated_at", "ts", 0, "jdbc:postgresql://bob:St4te_pw@h/db"))
                .connection(Map.of("url", "jdbc:mysql://h/db?user=u&password=Url_pw_9")).build();
        TargetConfig target = TargetConfig.local("out", "parquet", List.of());
        Masker m = Masker.of(Set.of(), source.credentials(), source, target);
        assertThat(m.mask("FATAL: password St4te_pw rejected; also Url_pw_9"))
                .isEqualTo("FATAL: password **** rejected; also ****");
    }

    @Test
    void urlsAreMaskedEvenByAMaskerThatKnowsNoValues() {
        assertThat(Masker.urlsOnly().mask("cannot reach jdbc:postgresql://bob:pw123@h/db"))
                .isEqualTo("cannot reach jdbc:postgresql://bob:****@h/db");
    }

    @Test
    void secretsAreMaskedAsJsonEscapesThem() {
        Masker m = Masker.of(Set.of("pa\"ss\\word"), Map.of());
        assertThat(m.mask("{\"error\": \"bad pa\\\"ss\\\\word\"}")).isEqualTo("{\"error\": \"bad ****\"}");
    }

    @Test
    void flagsAndShortValuesUnderSecretKeysAreNotMaskedEverywhere() {
        Masker m = Masker.of(Set.of(), Map.of(), Map.of("auth", true, "token_ttl", 30, "api_key", "k3y-long"));
        assertThat(m.mask("auth is true, ttl 30, key k3y-long")).isEqualTo("auth is true, ttl 30, key ****");
    }
}
