package io.dativo.cli;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DiscoveredObject;
import io.dativo.api.FieldSpec;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TargetConfig;
import io.dativo.core.Pipeline;
import io.dativo.core.config.ContractWriter;
import io.dativo.core.config.JobLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
                description = "A connector type: csv, jsonl or parquet (give --path), or postgres, mysql or mariadb "
                        + "(from --recipe and the environment: PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD or "
                        + "MYSQL_HOST, MYSQL_PORT, MYSQL_DB, MYSQL_USER, MYSQL_PASSWORD).")
        String connector;
    }

    /** The connector types whose objects live in a database, not in files. */
    static final Set<String> DATABASES = Set.of("postgres", "postgresql", "mysql", "mariadb");

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--path", paramLabel = "GLOB", description = "Files to discover, with --connector.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--recipe", paramLabel = "FILE", description = "A connector recipe for --connector (such as "
            + "connectors/postgres.yaml): its connection template and credentials file.")
    Path recipe;

    @Option(names = "--tenant", paramLabel = "NAME", defaultValue = "default",
            description = "The tenant whose credentials file the recipe names (default: default).")
    String tenant;

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
        } else if (DATABASES.contains(source.connector)) {
            pipeline = database(source.connector);
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
            Files.writeString(writeAsset, MaskedOutput.mask(ContractWriter.yaml(chosen)));
            text.append("wrote ").append(writeAsset).append('\n');
        }
        cli.print(Map.of("objects", out), text.toString().stripTrailing());
        return Cli.OK;
    }

    /**
     * A pipeline reading database {@code type}: with a recipe, loaded as a job naming it would be (its connection
     * template filled from the environment, its credentials file for {@link #tenant}); without, the connector takes
     * host, port, database, user and password from the environment.
     */
    private Pipeline database(String type) throws Exception {
        if (recipe == null) {
            return Pipeline.builder().tenant(tenant).asset(AssetDefinition.of("discover", List.of()))
                    .source(SourceConfig.builder(type).build())
                    .target(TargetConfig.local("out", "parquet", List.of())).build();
        }
        Path dir = Files.createTempDirectory("dativo-discover");
        try {
            // the job loader applies recipes to job files: the recipe and tenant come in as variables, unquoted
            Files.writeString(dir.resolve("asset.yaml"), "name: discover\nschema: []\n");
            Path job = Files.writeString(dir.resolve("discover.yaml"), "tenant_id: \"${DATIVO_DISCOVER_TENANT}\"\n"
                    + "name: discover\nsource_connector: " + type + "\n"
                    + "source_connector_path: \"${DATIVO_DISCOVER_RECIPE}\"\ntarget_connector: local\n"
                    + "asset_path: \"${DATIVO_DISCOVER_ASSET}\"\nsource: {}\ntarget: {connection: {path: out}}\n");
            JobLoader loader = cli.loader().withVariables(Map.of("DATIVO_DISCOVER_TENANT", tenant,
                    "DATIVO_DISCOVER_RECIPE", recipe.toAbsolutePath().toString(),
                    "DATIVO_DISCOVER_ASSET", dir.resolve("asset.yaml").toString()));
            Pipeline pipeline = Pipeline.fromYaml(job, loader);
            MaskedOutput.add(pipeline.masker());
            return pipeline;
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }
}
