package io.dativo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The run arguments read without picocli are read as picocli reads them, and everything else is left to it. */
class RunArgsTest {

    @Test
    void plainRunArgumentsAreReadAsPicocliReadsThem() {
        String[][] accepted = {
                {"run", "--config", "job.yaml"},
                {"run", "-c", "jobs/a b.yaml", "--base-dir", "examples/quickstart"},
                {"run", "--config=job.yaml", "--json", "-v", "--log-level", "debug", "--log-format=json"},
                {"run", "--job-dir", "jobs", "--mode", "cloud", "--plugin-dir", "/opt/plugins", "--registry",
                        "registry.yaml", "--timeout", "600"},
                {"run", "--verbose", "--timeout=1", "--config", "job.yaml", "--base-dir=/data/base"},
        };
        for (String[] args : accepted) {
            Optional<RunCommand> fast = RunArgs.parse(args);
            assertThat(fast).as(Arrays.toString(args)).isPresent();
            assertThat(settings(fast.get())).as(Arrays.toString(args)).isEqualTo(settings(picocli(args)));
        }
    }

    @Test
    void theDefaultsAreThoseOfTheAnnotatedCommand() {
        assertThat(settings(RunArgs.parse("run", "-c", "job.yaml").orElseThrow()))
                .isEqualTo(settings(picocli("run", "-c", "job.yaml")))
                .containsEntry("mode", "self_hosted").containsEntry("pluginDir", "plugins")
                .containsEntry("logFormat", "text").containsEntry("logLevel", "warn");
    }

    @Test
    void helpMistakesAndUnusualFormsAreLeftToPicocli() {
        String[][] left = {
                {}, {"run"}, {"check", "--config", "job.yaml"}, {"run", "--help"}, {"run", "-h"}, {"run", "-V"},
                {"run", "--config", "a.yaml", "--job-dir", "jobs"}, {"run", "--mode", "cloud"},
                {"run", "--config", "a.yaml", "--config", "b.yaml"}, {"run", "-c", "a.yaml", "--config=b.yaml"},
                {"run", "--config"}, {"run", "--config", "--json"}, {"run", "--config", ""},
                {"run", "--config", "a.yaml", "extra"}, {"run", "--config", "a.yaml", "--timeout", "-5"},
                {"run", "--config", "a.yaml", "--timeout", "0x10"}, {"run", "--config", "a.yaml", "--timeout", "1e3"},
                {"run", "--config", "a.yaml", "--json=true"}, {"run", "--conf", "a.yaml"}, {"run", "-vc", "a.yaml"},
                {"run", "-cjob.yaml"}, {"run", "--config", "a.yaml", "--"}, {"run", "--config", "a\0.yaml"},
                {"run", "--config", "a.yaml", "--timeout", "99999999999999999999"},
        };
        for (String[] args : left) {
            assertThat(RunArgs.parse(args)).as(Arrays.toString(args)).isEmpty();
        }
    }

    private static RunCommand picocli(String... args) {
        CommandLine cli = Main.commandLine(args);
        return (RunCommand) cli.parseArgs(args).subcommand().commandSpec().userObject();
    }

    private static Map<String, Object> settings(RunCommand run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", String.valueOf(run.jobs.config));
        m.put("jobDir", String.valueOf(run.jobs.jobDir));
        m.put("mode", run.mode);
        m.put("pluginDir", String.valueOf(run.pluginDir));
        m.put("registry", String.valueOf(run.registry));
        m.put("timeout", run.timeout);
        m.put("json", run.cli.json);
        m.put("logFormat", run.cli.logFormat);
        m.put("logLevel", run.cli.logLevel);
        m.put("verbose", run.cli.verbose);
        m.put("baseDir", String.valueOf(run.cli.baseDir));
        return m;
    }
}
