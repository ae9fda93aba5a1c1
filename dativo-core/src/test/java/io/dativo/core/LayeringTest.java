package io.dativo.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of dativo-core are layered; a package may use the ones below it, never one above it, and packages on
 * the same level do not use each other. Reads every main source file and checks its {@code import io.dativo.core...}
 * lines and any fully qualified {@code io.dativo.core...} name in its code.
 */
class LayeringTest {

    /** Each package's level, top (0) to bottom; a package may only use packages on a greater level. */
    static final Map<String, Integer> LEVELS = Map.ofEntries(
            Map.entry("io.dativo.core", 0),
            Map.entry("io.dativo.core.run", 1),
            Map.entry("io.dativo.core.connector.file", 2),
            Map.entry("io.dativo.core.config", 3),
            Map.entry("io.dativo.core.plugin", 4),
            Map.entry("io.dativo.core.state", 3),
            Map.entry("io.dativo.core.validate", 3),
            Map.entry("io.dativo.core.format", 3),
            Map.entry("io.dativo.core.storage", 4),
            Map.entry("io.dativo.core.vector", 4),
            Map.entry("io.dativo.core.internal", 5));

    private static final Path MAIN = Path.of("src/main/java");
    private static final Path API_MAIN = Path.of("../dativo-api/src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern IMPORT =
            Pattern.compile("(?m)^import\\s+(?:static\\s+)?(io\\.dativo\\.core(?:\\.\\w+)*(?:\\.\\*)?)\\s*;");
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])io\\.dativo\\.core(?:\\.\\w+)*");

    @Test
    void noPackageUsesOneAboveItOrASiblingOnItsLevel() throws IOException {
        assertThat(MAIN).as("run from the dativo-core directory").isDirectory();
        List<Path> files = sources(MAIN);
        assertThat(files).as("main sources found").hasSizeGreaterThan(40);
        List<String> violations = new ArrayList<>();
        for (Path f : files) {
            violations.addAll(check(MAIN.relativize(f).toString(), Files.readString(f)));
        }
        assertThat(violations).as("layering violations").isEmpty();
    }

    @Test
    void theApiDoesNotUseTheCore() throws IOException {
        assertThat(API_MAIN).as("dativo-api beside dativo-core").isDirectory();
        List<String> violations = new ArrayList<>();
        for (Path f : sources(API_MAIN)) {
            String code = code(Files.readString(f));
            Matcher m = QUALIFIED.matcher(code);
            while (m.find()) {
                violations.add(API_MAIN.relativize(f) + ": uses " + m.group() + "; io.dativo.api is below every "
                        + "package of dativo-core");
            }
        }
        assertThat(violations).as("dativo-api depending on dativo-core").isEmpty();
    }

    @Test
    void theCheckFindsUpwardSidewaysAndQualifiedUses() {
        String upward = """
                package io.dativo.core.state;

                import io.dativo.core.connector.file.FileTargetWriter;
                import io.dativo.core.internal.Json;
                """;
        assertThat(check("state/X.java", upward)).singleElement().asString()
                .contains("state/X.java").contains("io.dativo.core.connector.file.FileTargetWriter");

        String sideways = """
                package io.dativo.core.format;

                import static io.dativo.core.validate.Validator.text;
                """;
        assertThat(check("format/X.java", sideways)).singleElement().asString()
                .contains("format/X.java").contains("io.dativo.core.validate.Validator.text");

        String qualified = """
                package io.dativo.core.vector;

                /** Mentions {@link io.dativo.core.Pipeline} in a comment, which is not a use. */
                final class X {
                    String s = "io.dativo.core.Pipeline /* not code */";
                    Object p = new io.dativo.core.config.JobLoader();
                }
                """;
        assertThat(check("vector/X.java", qualified)).singleElement().asString()
                .contains("vector/X.java").contains("io.dativo.core.config.JobLoader");

        assertThat(check("run/X.java", "package io.dativo.core.run;\nimport io.dativo.core.Pipeline;\n"))
                .singleElement().asString().contains("io.dativo.core.Pipeline");
        assertThat(check("X.java", "package io.dativo.core.other;\n")).singleElement().asString()
                .contains("not in the layering table");
        assertThat(check("X.java", "package io.dativo.core;\nimport io.dativo.core.connector.file.CsvReader;\n"
                + "import io.dativo.core.internal.Json;\n")).isEmpty();
    }

    /** The violations in one source file, each naming the file and the offending import or name. */
    static List<String> check(String file, String source) {
        Matcher pm = PACKAGE.matcher(source);
        if (!pm.find()) {
            return List.of(file + ": no package declaration");
        }
        String pkg = pm.group(1);
        Integer level = LEVELS.get(pkg);
        if (level == null) {
            return List.of(file + ": package " + pkg + " is not in the layering table of " + LayeringTest.class
                    .getSimpleName());
        }
        Set<String> used = new TreeSet<>();
        Matcher im = IMPORT.matcher(source);
        while (im.find()) {
            used.add(im.group(1));
        }
        Matcher qm = QUALIFIED.matcher(code(source).replaceAll("(?m)^\\s*(package|import)\\b[^;]*;", ""));
        while (qm.find()) {
            used.add(qm.group());
        }
        List<String> violations = new ArrayList<>();
        for (String name : used) {
            String target = packageOf(name);
            if (target.equals(pkg)) {
                continue;
            }
            Integer targetLevel = LEVELS.get(target);
            if (targetLevel == null) {
                violations.add(file + ": uses " + name + " from package " + target
                        + ", which is not in the layering table");
            } else if (targetLevel <= level) {
                violations.add(file + ": " + pkg + " (level " + level + ") uses " + name + " from "
                        + (targetLevel < level ? "a package above it, " : "a sibling on its level, ") + target
                        + " (level " + targetLevel + ")");
            }
        }
        return violations;
    }

    /** The package of a qualified name: its segments before the first capitalized one. */
    static String packageOf(String name) {
        StringBuilder sb = new StringBuilder();
        for (String seg : name.split("\\.")) {
            if (seg.isEmpty() || Character.isUpperCase(seg.charAt(0)) || seg.equals("*")) {
                break;
            }
            sb.append(sb.length() == 0 ? "" : ".").append(seg);
        }
        return sb.toString();
    }

    /** {@code source} with comments, string, text block and character literals blanked out. */
    static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                while (end > 0 && source.charAt(end - 1) == '\\') {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                i = end < 0 ? n : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && source.charAt(i) != c && source.charAt(i) != '\n') {
                    i += source.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
