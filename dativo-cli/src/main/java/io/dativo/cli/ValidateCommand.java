package io.dativo.cli;

import io.dativo.api.ConfigException;
import io.dativo.core.config.JobSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dativo validate}: a job, its recipes and its contract, without running. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks a job file, its connector recipes and its data contract without running anything,",
                "and lists every problem with file, line:column and YAML path. Exit code: 0 valid, 2 otherwise."})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    JobFile job;

    @Mixin
    Cli cli;

    @Override
    public Integer call() throws Exception {
        cli.apply();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job", job.config.toString());
        try {
            JobSpec spec = cli.load(job.config);
            out.put("valid", true);
            out.put("tenant_id", spec.tenantId());
            out.put("source", spec.source().type());
            out.put("target", spec.target().type());
            out.put("asset", spec.asset().name());
            out.put("fields", spec.asset().schema().size());
            out.put("validation_mode", spec.validationMode().name().toLowerCase());
            cli.print(out, "valid: " + job.config + " (tenant " + spec.tenantId() + ", " + spec.source().type() + " -> "
                    + spec.target().type() + ", asset " + spec.asset().name() + " with " + spec.asset().schema().size()
                    + " fields)");
            return Cli.OK;
        } catch (ConfigException e) {
            if (!cli.json) {
                return Cli.fail(e);
            }
            List<Map<String, Object>> problems = new ArrayList<>();
            e.problems().forEach(p -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", p.file());
                m.put("line", p.line());
                m.put("column", p.column());
                m.put("path", p.path());
                m.put("message", p.message());
                problems.add(m);
            });
            out.put("valid", false);
            out.put("problems", problems);
            cli.print(out, null);
            return Cli.FAILED;
        }
    }
}
