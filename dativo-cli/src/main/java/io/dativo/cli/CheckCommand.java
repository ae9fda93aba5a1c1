package io.dativo.cli;

import io.dativo.api.ConnectionCheck;
import io.dativo.core.Pipeline;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dativo check}: the source and target connections of a job. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Tests a job's source and target connections without moving data.",
                "Exit code: 0 both reachable, 2 otherwise."})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    JobFile job;

    @Mixin
    Cli cli;

    @Override
    public Integer call() throws Exception {
        cli.apply();
        Pipeline.Checks checks = cli.pipeline(job.config).check();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", checks.source());
        out.put("target", checks.target());
        out.put("ok", checks.ok());
        cli.print(out, line("source", checks.source()) + "\n" + line("target", checks.target()));
        return checks.ok() ? Cli.OK : Cli.FAILED;
    }

    private static String line(String side, ConnectionCheck c) {
        return side + ": " + (c.success() ? "ok" : "FAILED") + " - " + c.message()
                + (c.errorCode() == null ? "" : " (" + c.errorCode() + ")");
    }
}
