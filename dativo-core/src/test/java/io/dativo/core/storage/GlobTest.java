package io.dativo.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Glob matching on strings agrees with the JDK's glob matcher on paths. */
class GlobTest {

    static final List<String> PATHS = List.of("a.csv", "b.csv", "ab.csv", "a.json", "x/a.csv", "x/y/b.csv",
            "2024/01/d.csv", "2024/12/d.csv", "c1.csv", "c9.csv", "cx.csv", "c-.csv", "a,b.csv", "{a}.csv", "a]b.csv");

    static final List<String> GLOBS = List.of("*.csv", "**.csv", "**/*.csv", "?.csv", "??.csv", "x/*.csv",
            "x/**", "*/*/d.csv", "2024/1?/*.csv", "c[0-9].csv", "c[!0-9].csv", "c[-x].csv", "{a,b}.csv",
            "{a,x/*}.csv", "**.{csv,json}", "a\\,b.csv", "\\{a\\}.csv", "a]b.csv", "[ab]*.json", "*", "**");

    @Test
    void matchesAsTheJdkGlobDoes() {
        for (String glob : GLOBS) {
            Glob ours = Glob.of(glob);
            PathMatcher jdk = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            for (String path : PATHS) {
                assertThat(ours.matches(path)).as("%s matches %s", glob, path).isEqualTo(jdk.matches(Path.of(path)));
            }
        }
    }

    @Test
    void someMatchesSpelledOut() {
        assertThat(Glob.of("**.csv").matches("x/y/b.csv")).isTrue();
        assertThat(Glob.of("*.csv").matches("x/a.csv")).isFalse();
        assertThat(Glob.of("{a,b}.csv").matches("b.csv")).isTrue();
        assertThat(Glob.of("c[!0-9].csv").matches("c1.csv")).isFalse();
        assertThat(Glob.of("c?.csv").matches("c/.csv")).isFalse();
    }

    @Test
    void malformedGlobsAreNamed() {
        assertThatThrownBy(() -> Glob.of("in/[a-.csv")).hasMessageContaining("'in/[a-.csv' is malformed");
        assertThatThrownBy(() -> Glob.of("in/{a,b.csv")).hasMessageContaining("'{' is not closed");
        assertThatThrownBy(() -> Glob.of("{a,{b}}")).hasMessageContaining("cannot be nested");
    }

    @Test
    void theFirstWildcardEndsTheLiteralPrefix() {
        assertThat(Glob.firstWildcard("in/2024/*.csv")).isEqualTo(8);
        assertThat(Glob.hasWildcard("in/2024/a.csv")).isFalse();
        assertThat(Glob.hasWildcard("in/{a,b}.csv")).isTrue();
    }
}
