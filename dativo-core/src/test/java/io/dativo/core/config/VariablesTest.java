package io.dativo.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.ConfigProblem;
import io.dativo.core.config.YNode.Loc;
import io.dativo.core.config.YNode.YScalar;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VariablesTest {

    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Set<String> secrets = new LinkedHashSet<>();

    private String substitute(Map<String, String> values, String key, String text) {
        SecretSource secretStore = name -> Optional.ofNullable(name.equals("VAULT_PW") ? "ab${cd}ef" : null);
        Variables vars = new Variables(List.of(secretStore, SecretSource.of(values)), secrets);
        return ((YScalar) vars.substitute(new YScalar(text, new Loc("job.yaml", 3, 7), false), key, problems)).text();
    }

    @Test
    void colonDashTakesTheDefaultWhenTheVariableIsUnsetOrEmptyAndDashOnlyWhenUnset() {
        Map<String, String> empty = Map.of("OUT", "");
        assertThat(substitute(empty, "path", "${OUT:-out}")).isEqualTo("out");
        assertThat(substitute(empty, "path", "${OUT-out}")).isEmpty();
        assertThat(substitute(empty, "path", "${OUT}")).isEmpty();
        assertThat(substitute(Map.of(), "path", "${OUT:-out}")).isEqualTo("out");
        assertThat(substitute(Map.of(), "path", "${OUT-out}")).isEqualTo("out");
        assertThat(substitute(Map.of("OUT", "set"), "path", "a/${OUT:-out}/${OUT-x}/b")).isEqualTo("a/set/set/b");
        assertThat(substitute(Map.of(), "path", "${OUT:-}")).isEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void aValueHoldingADollarBraceIsAValueAndIsNeverReadAgain() {
        assertThat(substitute(Map.of("PW", "ab${cd}ef"), "password", "${PW}")).isEqualTo("ab${cd}ef");
        assertThat(substitute(Map.of(), "password", "${VAULT_PW}")).isEqualTo("ab${cd}ef");
        assertThat(substitute(Map.of("A", "${B}", "B", "no"), "note", "${A}")).isEqualTo("${B}");
        assertThat(substitute(Map.of("A", "${"), "note", "x${A}y${A}")).isEqualTo("x${y${");
        assertThat(problems).isEmpty();
        assertThat(secrets).contains("ab${cd}ef");
    }

    @Test
    void aMalformedReferenceAsWrittenIsAProblemAtItsPlaceAndASecretOneIsNotShown() {
        substitute(Map.of("X", "1"), "note", "a ${X} b ${oops");
        substitute(Map.of(), "password", "pw-${notclosed");
        substitute(Map.of(), "note", "${1X}");
        assertThat(problems).extracting(ConfigProblem::toString).containsExactly(
                "job.yaml:3:7 note: malformed variable reference in 'a ${X} b ${oops'; write ${NAME}, "
                        + "${NAME:-default} or ${NAME-default}",
                "job.yaml:3:7 password: malformed variable reference in a value that is not shown because it is "
                        + "secret; write ${NAME}, ${NAME:-default} or ${NAME-default}",
                "job.yaml:3:7 note: malformed variable reference in '${1X}'; write ${NAME}, ${NAME:-default} or "
                        + "${NAME-default}");
    }

    @Test
    void manyUnclosedReferencesAreReadInLinearTime() {
        String text = "${".repeat(500_000) + "}";
        long start = System.nanoTime();
        substitute(Map.of(), "note", text);
        substitute(Map.of(), "note", "${".repeat(500_000));
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        assertThat(problems).hasSize(2);
    }
}
