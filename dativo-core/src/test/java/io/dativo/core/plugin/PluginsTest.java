package io.dativo.core.plugin;

import static io.dativo.core.testing.TestSupport.duckdb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dativo.api.BaseReader;
import io.dativo.api.BaseWriter;
import io.dativo.api.DativoException;
import io.dativo.api.OptionSpec;
import io.dativo.api.ReadContext;
import io.dativo.api.RowReader;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.core.Pipeline;
import io.dativo.core.RunResult;
import io.dativo.core.RunStatus;
import io.dativo.core.config.JobLoader;
import io.dativo.core.connector.file.CsvReader;
import io.dativo.core.connector.file.JsonLinesReader;
import io.dativo.core.connector.file.FileTargetWriter;
import io.dativo.testkit.LeakCheckedAllocator;
import io.dativo.core.testing.TestSupport;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin discovery through ServiceLoader, and plugin jars compiled here and loaded by path:Class. */
class PluginsTest {

    @TempDir
    static Path dir;
    static Path jar;

    /** A row-oriented reader on the test classpath, named by class in a job. */
    public static final class ClasspathRowReader extends RowReader {
        @Override
        protected Iterator<List<Map<String, Object>>> extractRows(ReadContext context) {
            return List.of(List.<Map<String, Object>>of(Map.of("id", 7L, "name", "seven"))).iterator();
        }
    }

    /** Compiles a small plugin against dativo-api and packs it as a jar, as a plugin author would. */
    @BeforeAll
    static void buildPluginJar() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/com/acme"));
        Files.writeString(src.resolve("GreetingReader.java"), """
                package com.acme;
                import io.dativo.api.*;
                import java.util.*;
                public class GreetingReader extends RowReader {
                    @Override
                    protected Iterator<List<Map<String, Object>>> extractRows(ReadContext ctx) {
                        List<Map<String, Object>> rows = new ArrayList<>();
                        for (int i = 1; i <= 3; i++) {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("id", i);
                            row.put("name", "hello " + source.connection().get("who") + " " + i);
                            rows.add(row);
                        }
                        return List.of(rows).iterator();
                    }
                }
                """);
        Files.writeString(src.resolve("LoudReaderFactory.java"), """
                package com.acme;
                import io.dativo.api.*;
                import java.util.*;
                public class LoudReaderFactory implements ReaderFactory {
                    public Set<String> types() { return Set.of("loud"); }
                    public BaseReader create() { throw new IllegalStateException("not made to be listed"); }
                    public List<OptionSpec> options() {
                        return List.of(OptionSpec.optional("volume", OptionSpec.Type.INTEGER, 11, "how loud"));
                    }
                }
                """);
        Files.writeString(src.resolve("OldSchoolReader.java"), """
                package com.acme;
                public class OldSchoolReader extends GreetingReader {
                    public java.util.Set<String> connectorTypes() { return java.util.Set.of("old-school"); }
                }
                """);
        Files.writeString(src.resolve("NotAReader.java"), "package com.acme; public class NotAReader {}");
        Files.writeString(src.resolve("ExplodingReader.java"), """
                package com.acme;
                public class ExplodingReader extends io.dativo.api.RowReader {
                    public ExplodingReader() { throw new IllegalStateException("no licence key"); }
                    protected java.util.Iterator<java.util.List<java.util.Map<String, Object>>> extractRows(
                            io.dativo.api.ReadContext c) { return null; }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> sources;
        try (Stream<Path> s = Files.list(src)) {
            sources = s.map(Path::toString).toList();
        }
        List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-cp",
                System.getProperty("java.class.path")));
        args.addAll(sources);
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isZero();
        jar = dir.resolve("acme-plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            out.putNextEntry(new JarEntry("META-INF/services/io.dativo.api.ReaderFactory"));
            out.write("com.acme.LoudReaderFactory\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.putNextEntry(new JarEntry("META-INF/services/io.dativo.api.BaseReader"));
            out.write("com.acme.OldSchoolReader\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, (OutputStream) out);
                out.closeEntry();
            }
        }
    }

    @Test
    void builtInConnectorsAreFoundByTypeThroughServiceLoader() {
        assertThat(Plugins.reader(SourceConfig.builder("csv").build()).instance()).isInstanceOf(CsvReader.class);
        assertThat(Plugins.reader(SourceConfig.builder("jsonl").build()).instance())
                .isInstanceOf(JsonLinesReader.class);
        assertThat(Plugins.writer(TargetConfig.builder("local").build()).instance())
                .isInstanceOf(FileTargetWriter.class);
        assertThatThrownBy(() -> Plugins.reader(SourceConfig.builder("hubspot").build()))
                .hasMessageContaining("No reader for connector type 'hubspot'")
                .hasMessageContaining("csv, jsonl").hasMessageContaining("source.custom_reader");
    }

    @Test
    void aJarsFactoriesAreListedWithoutMakingReadersAndItsOlderRegistrationsAreWrapped() throws Exception {
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[]{jar.toUri().toURL()},
                Plugins.class.getClassLoader())) {
            PluginCatalog catalog = PluginCatalog.scan(loader, loader);
            assertThat(catalog.notLoaded()).isEmpty();
            assertThat(catalog.readers()).extracting(PluginCatalog.Found::className)
                    .containsExactly("com.acme.LoudReaderFactory", "com.acme.OldSchoolReader");
            assertThat(catalog.readers()).extracting(PluginCatalog.Found::legacy).containsExactly(false, true);
            assertThat(catalog.reader("loud").orElseThrow().options()).extracting(OptionSpec::name)
                    .containsExactly("volume");
            assertThat(catalog.reader("old-school").orElseThrow().create().connectorTypes())
                    .containsExactly("old-school");
            assertThat(catalog.writers()).isEmpty();
        }
    }

    @Test
    void eachBuiltInTypeIsServedOnceByAFactory() {
        PluginCatalog catalog = PluginCatalog.builtIn();
        assertThat(catalog.readers()).filteredOn(f -> f.types().contains("csv")).singleElement()
                .satisfies(f -> assertThat(f.legacy()).isFalse());
        assertThat(catalog.writers()).filteredOn(f -> f.types().contains("local")).singleElement()
                .satisfies(f -> assertThat(f.className()).endsWith("FileTargetFactory"));
        assertThat(catalog.reader("csv").orElseThrow().incrementalStrategies()).containsExactly("file_modified_time");
        assertThat(catalog.reader(null)).isEmpty();
        assertThat(catalog.writer(null)).isEmpty();
    }

    @Test
    void aJarPluginRunsInAJobAndItsOutputIsReadBack() throws Exception {
        Path work = Files.createDirectories(dir.resolve("job1"));
        Files.copy(jar, work.resolve("plugin.jar"));
        Files.writeString(work.resolve("asset.yaml"), """
                name: greetings
                schema:
                  - {name: id, type: integer, required: true}
                  - {name: name, type: string, required: true}
                """);
        Files.writeString(work.resolve("job.yaml"), """
                tenant_id: acme
                asset_path: asset.yaml
                target_connector: local
                source:
                  custom_reader: plugin.jar:com.acme.GreetingReader
                  connection: {who: world}
                target:
                  connection: {path: out}
                """);
        try (LeakCheckedAllocator allocator = new LeakCheckedAllocator()) {
            RunResult r = Pipeline.fromYaml(work.resolve("job.yaml"), new JobLoader().withBaseDir(work))
                    .withAllocator(allocator).run();
            assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.recordsWritten()).isEqualTo(3);
            assertThat(duckdb("SELECT id, name FROM read_parquet('" + r.files().get(0).path() + "') ORDER BY id"))
                    .containsExactly(List.of(1L, "hello world 1"), List.of(2L, "hello world 2"),
                            List.of(3L, "hello world 3"));
        }
    }

    @Test
    void aClassOnTheClasspathIsLoadedByName() {
        var loaded = Plugins.byClass(BaseReader.class, ClasspathRowReader.class.getName(), dir);
        assertThat(loaded.instance()).isInstanceOf(ClasspathRowReader.class);
        assertThat(loaded.loader()).isNull();
    }

    @Test
    void aCustomReaderNeedsNoBaseDirectory() {
        io.dativo.api.SourceConfig source = new io.dativo.api.SourceConfig(null, ClasspathRowReader.class.getName(),
                Map.of(), Map.of(), List.of(), List.of(), null, List.of(), null, Map.of(), null);
        assertThat(source.baseDir()).isEmpty();
        RunResult r = Pipeline.builder().tenant("t").source(source)
                .asset(io.dativo.api.AssetDefinition.of("seven", List.of(
                        io.dativo.api.FieldSpec.of("id", io.dativo.api.DataType.LONG, true))))
                .target(io.dativo.api.TargetConfig.local(dir.resolve("no-base").toString(), "parquet", List.of()))
                .build().run();
        assertThat(r.status()).as(r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.recordsWritten()).isEqualTo(1);
    }

    @Test
    void loadingErrorsSayWhatIsWrong() {
        assertThatThrownBy(() -> Plugins.byClass(BaseReader.class, "missing.jar:com.acme.X", dir))
                .isInstanceOf(DativoException.class).hasMessageStartingWith("Plugin jar not found: missing.jar");
        assertThatThrownBy(() -> Plugins.byClass(BaseReader.class, jar + ":com.acme.Nope", dir))
                .hasMessage("Class 'com.acme.Nope' not found in " + jar);
        assertThatThrownBy(() -> Plugins.byClass(BaseReader.class, jar + ":com.acme.NotAReader", dir))
                .hasMessage("Class 'com.acme.NotAReader' must implement BaseReader");
        assertThatThrownBy(() -> Plugins.byClass(BaseWriter.class, jar + ":com.acme.GreetingReader", dir))
                .hasMessage("Class 'com.acme.GreetingReader' must implement BaseWriter");
        assertThatThrownBy(() -> Plugins.byClass(BaseReader.class, jar + ":com.acme.ExplodingReader", dir))
                .hasMessageContaining("Constructor of 'com.acme.ExplodingReader' failed")
                .hasMessageContaining("no licence key").hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Plugins.byClass(BaseReader.class, "plugins/reader.py:MyReader", dir))
                .hasMessageStartingWith("Invalid plugin 'plugins/reader.py:MyReader'");
        assertThatThrownBy(() -> Plugins.byClass(BaseReader.class, "com.acme.Missing", dir))
                .hasMessage("Class 'com.acme.Missing' not found in the classpath");
        assertThatThrownBy(() -> Plugins.byClass(BaseReader.class, jar + ":", dir))
                .hasMessageStartingWith("Invalid plugin");
    }

    @Test
    void aFailingPluginFailsTheRunWithTheMessage() throws Exception {
        Path work = Files.createDirectories(dir.resolve("job2"));
        Files.writeString(work.resolve("asset.yaml"), "name: g\nschema:\n  - {name: id, type: integer}\n");
        Files.writeString(work.resolve("job.yaml"), """
                tenant_id: acme
                asset_path: asset.yaml
                target_connector: local
                source:
                  custom_reader: %s:com.acme.NotAReader
                target:
                  connection: {path: out}
                """.formatted(jar));
        RunResult r = Pipeline.fromYaml(work.resolve("job.yaml"), new JobLoader().withBaseDir(work)).run();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).isEqualTo("Class 'com.acme.NotAReader' must implement BaseReader or ReaderFactory");
        assertThat(TestSupport.filesUnder(work.resolve("out"))).isEmpty();
    }
}
