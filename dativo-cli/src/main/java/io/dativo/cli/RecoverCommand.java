package io.dativo.cli;

import io.dativo.core.Pipeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dativo recover}: finishes what crashed runs of a job's target left half-done. */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = {"Completes the commits of runs of the job's target that died half-way, and removes what dead "
                + "runs staged, at once rather than at the next run. Runs still alive are not touched."})
final class RecoverCommand implements Callable<Integer> {

    @Mixin
    JobFile job;

    @Mixin
    Cli cli;

    @Override
    public Integer call() throws Exception {
        cli.apply();
        Pipeline pipeline = cli.pipeline(job.config);
        List<String> done = pipeline.recover();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job", pipeline.spec().name());
        out.put("recovered", done);
        cli.print(out, done.isEmpty() ? "nothing to recover for job " + pipeline.spec().name()
                : String.join("\n", done));
        return Cli.OK;
    }
}
