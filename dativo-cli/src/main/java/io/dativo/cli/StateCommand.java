package io.dativo.cli;

import io.dativo.api.StateRecord;
import io.dativo.core.Pipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dativo state show|reset}: a job's incremental state. */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = {"Shows or resets a job's incremental state.",
                "show: each object's committed position. reset: the next run reads the object (or all) from the start."})
final class StateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "show|reset", description = "What to do.")
    String action;

    @Mixin
    JobFile job;

    @Option(names = "--object", paramLabel = "NAME", description = "Only this object (default: all).")
    String object;

    @Mixin
    Cli cli;

    @Override
    public Integer call() throws Exception {
        cli.apply();
        Pipeline pipeline = cli.pipeline(job.config);
        switch (action) {
            case "show" -> {
                List<Map<String, Object>> out = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                for (StateRecord r : pipeline.state()) {
                    if (object != null && !object.equals(r.key().object())) {
                        continue;
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("object", r.key().object());
                    m.put("run_id", r.runId());
                    m.put("committed_at", r.committedAt().toString());
                    m.put("values", r.values());
                    out.add(m);
                    text.append(r.key().object()).append("  run ").append(r.runId()).append("  committed ")
                            .append(r.committedAt()).append("\n  ").append(Cli.json().writeValueAsString(r.values())
                                    .replace("\n", "\n  ")).append('\n');
                }
                cli.print(Map.of("job", pipeline.spec().name(), "state", out),
                        out.isEmpty() ? "no state for job " + pipeline.spec().name() : text.toString().stripTrailing());
                return Cli.OK;
            }
            case "reset" -> {
                pipeline.resetState(object);
                cli.print(Map.of("job", pipeline.spec().name(), "reset", object == null ? "all" : object),
                        "reset " + (object == null ? "all objects" : object) + " of job " + pipeline.spec().name());
                return Cli.OK;
            }
            default -> {
                System.err.println("error: state takes show or reset, found '" + action + "'");
                return Cli.FAILED;
            }
        }
    }
}
