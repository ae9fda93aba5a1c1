package io.dativo.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DativoException;
import io.dativo.api.FieldSpec;
import io.dativo.api.DataType;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM without Arrow's --add-opens flag gets a message naming it, before any Arrow memory is touched. */
class ArrowFlagTest {

    /** Runs a pipeline in a JVM started without the flag and prints what it was told. */
    public static void main(String[] args) {
        try {
            Pipeline.builder().tenant("t")
                    .asset(AssetDefinition.of("a", List.of(FieldSpec.of("id", DataType.LONG, true))))
                    .source(SourceConfig.ofFiles("csv", List.of(new FileSpec("x.csv", null, null)), Map.of()))
                    .target(TargetConfig.local("out", "parquet", List.of())).build().run();
            System.out.println("ran without the flag");
        } catch (DativoException e) {
            System.out.println(e.getMessage());
        }
    }

    @Test
    void missingFlagIsNamed() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ArrowFlagTest.class.getName()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("Apache Arrow needs the JVM option --add-opens=java.base/java.nio=ALL-UNNAMED");
    }
}
