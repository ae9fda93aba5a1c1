package io.dativo.cli;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.FieldSpec;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.core.Pipeline;
import io.dativo.core.config.JobLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dativo discover}: the objects a source can read, and a contract for one of them. */
@Command(name = "discover", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Lists the objects a source can read, with their columns; --write-asset writes a contract.")
final class DiscoverCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "A job file.")
        Path config;

        @Option(names = "--connector", required = true, paramLabel = "TYPE",
                description = "A connector type such as csv, jsonl or parquet (give --path).")
        String connector;
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--path", paramLabel = "GLOB", description = "Files to discover, with --connector.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--write-asset", paramLabel = "FILE", description = "Write a data contract YAML for an object.")
    Path writeAsset;

    @Option(names = "--object", paramLabel = "NAME", description = "The object --write-asset describes "
            + "(default: the first).")
    String object;

    @Mixin
    Cli cli;

    @Override
    public Integer call() throws Exception {
        cli.apply();
        Pipeline pipeline;
        if (source.config != null) {
            pipeline = cli.pipeline(source.config);
        } else {
            if (paths.isEmpty()) {
                System.err.println("error: --connector " + source.connector + " needs --path");
                return Cli.FAILED;
            }
            JobLoader loader = cli.loader();
            List<FileSpec> files = paths.stream().map(p -> new FileSpec(p, null, null)).toList();
            pipeline = Pipeline.builder().tenant("discover").asset(AssetDefinition.of("discover", List.of()))
                    .source(SourceConfig.builder(source.connector).files(files)
                            .baseDir(loader.baseDir().toString()).build())
                    .target(TargetConfig.local("out", "parquet", List.of())).build();
        }
        List<DiscoveredObject> objects = pipeline.discover();
        List<Map<String, Object>> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (DiscoveredObject o : objects) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", o.name());
            List<Map<String, Object>> fields = new ArrayList<>();
            text.append(o.name()).append('\n');
            for (FieldSpec f : o.fields()) {
                fields.add(Map.of("name", f.name(), "type", f.type().contractName(), "required", f.required()));
                text.append("  ").append(f.name()).append(": ").append(f.type().contractName()).append('\n');
            }
            m.put("fields", fields);
            out.add(m);
        }
        if (writeAsset != null) {
            DiscoveredObject chosen = objects.stream().filter(o -> object == null || o.name().equals(object))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no object named '" + object
                            + "'; found " + objects.stream().map(DiscoveredObject::name).toList()));
            Files.writeString(writeAsset, MaskedOutput.mask(contract(chosen)));
            text.append("wrote ").append(writeAsset).append('\n');
        }
        cli.print(Map.of("objects", out), text.toString().stripTrailing());
        return Cli.OK;
    }

    static String contract(DiscoveredObject o) {
        StringBuilder y = new StringBuilder();
        y.append("apiVersion: v3.0.2\nkind: DataContract\nname: ").append(o.name()).append("\nversion: \"1.0\"\n")
                .append("status: draft\nobject: ").append(o.name()).append("\nschema:\n");
        for (FieldSpec f : o.fields()) {
            y.append("  - name: \"").append(f.name().replace("\"", "\\\"")).append("\"\n    type: ")
                    .append(f.type().contractName()).append("\n    required: ").append(f.required()).append('\n');
        }
        return y.toString();
    }
}
