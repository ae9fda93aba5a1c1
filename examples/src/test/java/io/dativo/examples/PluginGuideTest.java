package io.dativo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.BaseReader;
import io.dativo.api.SourceConfig;
import io.dativo.api.BatchSink;
import io.dativo.api.ReadContext;
import io.dativo.core.plugin.Plugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plugin guide cannot drift from the API: each of its Java blocks is preceded by
 * {@code <!-- include: path#tag -->} and must equal the region between {@code // tag::tag[]} and
 * {@code // end::tag[]} of that source file, which the build compiles (and, for the examples, tests).
 */
class PluginGuideTest {

    static final Path ROOT = Path.of("..");
    static final Pattern BLOCK = Pattern.compile("<!-- include: ([^#]+)#([a-z-]+) -->\\n```java\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void everyJavaBlockOfTheGuideIsIncludedFromCompiledSources() throws Exception {
        String guide = Files.readString(ROOT.resolve("docs/PLUGINS.md"));
        int javaBlocks = guide.split("```java\\n", -1).length - 1;
        Matcher m = BLOCK.matcher(guide);
        int included = 0;
        while (m.find()) {
            included++;
            Path source = ROOT.resolve(m.group(1));
            assertThat(source).as("source of the block %s#%s", m.group(1), m.group(2)).isRegularFile();
            assertThat(m.group(3)).as("the guide's block %s#%s, against its source", m.group(1), m.group(2))
                    .isEqualTo(region(Files.readAllLines(source), m.group(2)));
        }
        assertThat(included).as("Java blocks of docs/PLUGINS.md without an include line before them")
                .isEqualTo(javaBlocks).isPositive();
    }

    /** The lines between the tag's markers, without their common indentation, each ending in a newline. */
    static String region(List<String> lines, String tag) {
        int start = lines.indexOf(lines.stream().filter(l -> l.trim().equals("// tag::" + tag + "[]")).findFirst()
                .orElseThrow(() -> new AssertionError("no // tag::" + tag + "[] in the source")));
        List<String> body = new ArrayList<>();
        for (int i = start + 1; !lines.get(i).trim().equals("// end::" + tag + "[]"); i++) {
            body.add(lines.get(i));
        }
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder out = new StringBuilder();
        body.forEach(l -> out.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
        return out.toString();
    }

    /** A reader the loader cannot make: it has no constructor without arguments. */
    public static class NeedsArgument implements BaseReader {
        /** Takes a setting the loader cannot give. */
        public NeedsArgument(int setting) {
        }

        @Override
        public void open(SourceConfig source) {
        }

        @Override
        public void extract(ReadContext context, BatchSink sink) {
        }
    }

    /** A reader whose constructor fails. */
    public static class FailsToConstruct extends NeedsArgument {
        /** Always throws. */
        public FailsToConstruct() {
            super(checked());
        }

        private static int checked() {
            throw new IllegalStateException("no settings in a constructor");
        }
    }

    /** Each of the loader's messages for a custom_reader it cannot load is in the guide's table, word for word. */
    @ParameterizedTest
    @ValueSource(strings = {"missing/acme.jar:com.acme.Reader", "plugin/target/dativo-example-plugin.jar:1Bad",
            "not a class", "com.acme.Missing", "java.lang.String", "io.dativo.api.RowReader",
            "io.dativo.examples.PluginGuideTest$NeedsArgument", "io.dativo.examples.PluginGuideTest$FailsToConstruct"})
    void theLoadersMessagesAreInTheGuide(String spec) throws Exception {
        String message = null;
        try (var loaded = Plugins.byClass(BaseReader.class, spec, Path.of("."))) {
            loaded.instance();
        } catch (RuntimeException e) {
            message = e.getMessage();
        }
        assertThat(message).as("the loader refuses %s", spec).isNotNull();
        List<Pattern> documented = troubleshooting(Files.readString(ROOT.resolve("docs/PLUGINS.md")));
        String refused = message;
        assertThat(documented).as("the guide's messages").anyMatch(p -> p.matcher(refused).matches());
    }

    /** The messages of the guide's troubleshooting table, with each {@code {value}} matching anything. */
    static List<Pattern> troubleshooting(String guide) {
        List<Pattern> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(guide.substring(guide.indexOf(
                "## Troubleshooting")));
        while (m.find()) {
            StringBuilder regex = new StringBuilder();
            for (String part : m.group(1).split("\\{[^}]+}", -1)) {
                regex.append(regex.length() == 0 ? "" : ".+").append(Pattern.quote(part));
            }
            out.add(Pattern.compile(regex.toString(), Pattern.DOTALL));
        }
        return out;
    }
}
