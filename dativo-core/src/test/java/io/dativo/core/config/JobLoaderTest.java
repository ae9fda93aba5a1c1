package io.dativo.core.config;

import static io.dativo.core.testing.TestSupport.reference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dativo.api.ConfigException;
import io.dativo.api.DataType;
import io.dativo.api.ValidationMode;
import io.dativo.core.testing.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobLoaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    static Stream<Path> referenceJobs() throws Exception {
        try (Stream<Path> s = Files.list(reference().resolve("tests/fixtures/jobs"))) {
            return s.sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("referenceJobs")
    void everyReferenceJobLoadsWhenItsVariablesAreSet(Path job) {
        JobSpec spec = new JobLoader().withBaseDir(reference()).withVariables(TestSupport.s3Variables()).load(job);
        assertThat(spec.tenantId()).isEqualTo("test_tenant");
        assertThat(spec.source().type()).isEqualTo("csv");
        assertThat(spec.source().files()).hasSize(1);
        assertThat(spec.asset().schema()).isNotEmpty();
        assertThat(spec.source().engineOptions()).containsEntry("delimiter", ",").doesNotContainKey("library");
        assertThat(spec.toString()).doesNotContain("wJalrXUtnFEMIexampleSECRET", "minio-secret-value");
    }

    @Test
    void theJobLevelCatalogBlockIsLineageAndNotTheTargetsCatalog() throws Exception {
        write("asset.yaml", "name: a\nschema:\n  - {name: id, type: integer}\n");
        Path job = write("job.yaml", """
                tenant_id: t
                source_connector: csv
                target_connector: local
                asset_path: asset.yaml
                source: {files: [{path: x.csv}]}
                target: {connection: {path: out}}
                catalog: {type: openmetadata, connection: {api_url: "http://om:8585/api"}}
                """);
        assertThat(new JobLoader().withBaseDir(dir).load(job).target().catalog()).isEmpty();
        Path own = write("own.yaml", Files.readString(job).replace("target: {connection: {path: out}}",
                "target: {connection: {path: out}, catalog: {type: jdbc}}"));
        assertThat(new JobLoader().withBaseDir(dir).load(own).target().catalog()).containsEntry("type", "jdbc");
    }

    static Stream<Path> referenceRecipes() throws Exception {
        try (Stream<Path> s = Files.list(reference().resolve("connectors"))) {
            return s.sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("referenceRecipes")
    void everyReferenceRecipeLoadsInEachOfItsRoles(Path recipe) throws Exception {
        Map<String, String> vars = new java.util.HashMap<>(TestSupport.s3Variables());
        vars.putAll(Map.of("PGHOST", "localhost", "PGPORT", "5432", "PGDATABASE", "app", "MYSQL_HOST", "localhost",
                "MYSQL_PORT", "3306", "MYSQL_DB", "app"));
        String text = Files.readString(recipe);
        String type = text.lines().filter(l -> l.startsWith("type:")).findFirst().orElseThrow().substring(5).trim();
        write("asset.yaml", "name: a\nschema:\n  - {name: id, type: integer}\n");
        int loaded = 0;
        for (String role : List.of("source", "target")) {
            if (!text.lines().filter(l -> l.startsWith("roles:")).findFirst().orElseThrow().contains(role)) {
                continue;
            }
            String job = """
                    tenant_id: t
                    %s_connector: %s
                    %s_connector_path: %s
                    %s_connector: %s
                    asset_path: asset.yaml
                    source: {files: [{path: x.csv}], tables: [{name: orders}], credentials: {user: u, password: p}}
                    target: {connection: {path: out}, credentials: {user: u, password: p}}
                    """.formatted(role, type, role, recipe, role.equals("source") ? "target" : "source",
                    role.equals("source") ? "local" : "csv");
            JobSpec spec = new JobLoader().withBaseDir(dir).withVariables(vars).load(write("job.yaml", job));
            assertThat(role.equals("source") ? spec.source().type() : spec.target().type()).isEqualTo(type);
            loaded++;
        }
        assertThat(loaded).isPositive();
    }

    @Test
    void everyReferenceContractLoadsWithItsTypes() throws Exception {
        try (Stream<Path> assets = Files.list(reference().resolve("tests/fixtures/assets/csv/v1.0"))) {
            for (Path asset : assets.toList()) {
                Path job = write("job.yaml", """
                        tenant_id: t
                        source_connector: csv
                        target_connector: local
                        asset_path: %s
                        source: {files: [{path: x.csv}]}
                        target: {connection: {path: out}}
                        """.formatted(asset));
                JobSpec spec = new JobLoader().withBaseDir(dir).load(job);
                assertThat(spec.asset().name()).startsWith("csv_");
                assertThat(spec.asset().domain()).isEqualTo("dativo");
                assertThat(spec.asset().owner()).isEqualTo("data-team@company.com");
                assertThat(spec.asset().retentionDays()).isEqualTo(90);
            }
        }
        JobSpec sales = new JobLoader().withBaseDir(reference()).withVariables(TestSupport.s3Variables())
                .load(reference().resolve("tests/fixtures/jobs/csv_sales_order_to_s3.yaml"));
        assertThat(sales.asset().field("OrderDate").type()).isEqualTo(DataType.TIMESTAMP);
        assertThat(sales.asset().field("TotalDue").type()).isEqualTo(DataType.DOUBLE);
        assertThat(sales.asset().field("SalesOrderID").type()).isEqualTo(DataType.LONG);
        assertThat(sales.validationMode()).isEqualTo(ValidationMode.STRICT);
        assertThat(sales.target().type()).isEqualTo("s3");
        assertThat(sales.target().connection()).containsEntry("bucket", "test-bucket")
                .containsEntry("prefix", "raw/csv/sales_order_header");
        assertThat(sales.target().compression()).isEqualTo("snappy");
        assertThat(sales.target().partitioning()).containsExactly("ingest_date");
    }

    @Test
    void recipeDefaultsAreMergedUnderTheJobKeyByKey() {
        JobSpec spec = new JobLoader().withBaseDir(reference()).withVariables(TestSupport.s3Variables())
                .load(reference().resolve("tests/fixtures/jobs/csv_employee_state_persistence.yaml"));
        assertThat(spec.source().engineOptions()).containsEntry("encoding", "utf-16-le")
                .containsEntry("delimiter", ",").containsEntry("batch_size", 10000L);
        assertThat(spec.source().incremental().strategy()).isEqualTo("file_modified_time");
        assertThat(spec.source().incremental().lookbackDays()).isZero();
        assertThat(spec.validationMode()).isEqualTo(ValidationMode.WARN);
        assertThat(spec.target().partitioning()).containsExactly("ingest_date");
        JobSpec plain = new JobLoader().withBaseDir(reference()).withVariables(TestSupport.s3Variables())
                .load(reference().resolve("tests/fixtures/jobs/csv_person_to_s3.yaml"));
        assertThat(plain.source().incremental()).as("incremental is off without a block in the job").isNull();
    }

    @Test
    void olderNestedContractFormMapsToTheSameModel() throws Exception {
        write("asset.yaml", """
                asset:
                  name: orders
                  version: "2.0"
                  source_type: csv
                  object: orders
                  schema:
                    - {name: id, type: integer, required: true}
                    - {name: amount, type: decimal, precision: 10, scale: 2}
                  governance:
                    owner: team@example.com
                    classification: [PII]
                    retention_days: 30
                    tags: [sales]
                """);
        Path job = write("job.yaml", """
                tenant_id: t
                source_connector: csv
                target_connector: local
                asset_path: asset.yaml
                source: {files: [{path: x.csv}]}
                target: {connection: {path: out}}
                """);
        JobSpec spec = new JobLoader().withBaseDir(dir).load(job);
        assertThat(spec.asset().name()).isEqualTo("orders");
        assertThat(spec.asset().version()).isEqualTo("2.0");
        assertThat(spec.asset().owner()).isEqualTo("team@example.com");
        assertThat(spec.asset().classification()).containsExactly("PII");
        assertThat(spec.asset().retentionDays()).isEqualTo(30);
        assertThat(spec.asset().tags()).containsExactly("sales");
        assertThat(spec.asset().field("amount").precision()).isEqualTo(10);
        assertThat(spec.asset().field("amount").scale()).isEqualTo(2);
    }

    static Stream<Arguments> brokenFiles() {
        String recipe = "name: csv\ntype: csv\nroles: [source]\n";
        String asset = "name: a\nschema:\n  - {name: id, type: integer}\n";
        String good = """
                tenant_id: t
                source_connector: csv
                source_connector_path: recipe.yaml
                target_connector: local
                asset_path: asset.yaml
                source:
                  files: [{path: x.csv}]
                target:
                  connection: {path: out}
                """;
        return Stream.of(
                Arguments.of("bad YAML syntax", good.replace("  files: [{path: x.csv}]", "  files: [{path: x.csv}"),
                        recipe, asset, "job.yaml", 8, "invalid YAML"),
                Arguments.of("wrong type", good + "schema_validation_mode: [strict]\n", recipe, asset, "job.yaml", 10,
                        "expected one of strict, warn, quarantine, found a list"),
                Arguments.of("wrong scalar type", good.replace("  connection: {path: out}",
                        "  connection: {path: out}\n  target_file_size_mb: big"), recipe, asset, "job.yaml", 10,
                        "expected a whole number, found 'big'"),
                Arguments.of("unknown key", good.replace("  files:", "  filez:"), recipe, asset, "job.yaml", 7,
                        "unknown key 'filez'; did you mean 'files'?"),
                Arguments.of("missing required key", good.replace("tenant_id: t\n", ""), recipe, asset, "job.yaml",
                        1, "missing required key 'tenant_id'"),
                Arguments.of("unset variable", good.replace("path: out", "path: \"${NOT_SET_ANYWHERE}\""), recipe,
                        asset, "job.yaml", 9, "variable ${NOT_SET_ANYWHERE} is not set"),
                Arguments.of("recipe with the wrong role", good, "name: csv\ntype: csv\nroles: [target]\n", asset,
                        "job.yaml", 3, "has roles [target] and cannot be used as a source"),
                Arguments.of("unknown key in recipe", good, recipe + "default_engin: {type: native}\n", asset,
                        "recipe.yaml", 4, "did you mean 'default_engine'?"),
                Arguments.of("unknown type in contract", good, recipe, asset.replace("integer", "integr"),
                        "asset.yaml", 3, "unknown type 'integr'; did you mean 'integer'?"),
                Arguments.of("unset variable in recipe", good, recipe + "connection_template: {host: \"${NOPE}\"}\n",
                        asset, "recipe.yaml", 4, "variable ${NOPE} is not set"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFilesAreReportedWithFileLineAndPath(String what, String job, String recipe, String asset,
                                                   String file, int line, String message) throws Exception {
        write("recipe.yaml", recipe);
        write("asset.yaml", asset);
        Path jobFile = write("job.yaml", job);
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new JobLoader().withBaseDir(dir).withSecretSource(n -> Optional.empty()).load(jobFile));
        assertThat(e).as(what).isNotNull();
        assertThat(e.problems()).as(e.getMessage()).anySatisfy(p -> {
            assertThat(p.file()).endsWith(file);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.column()).isPositive();
            assertThat(p.message()).contains(message);
        });
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPath() throws Exception {
        write("asset.yaml", "name: a\nschema:\n  - {name: id, type: integer}\n");
        Path job = write("job.yaml", """
                tenant_id: t
                source_connector: csv
                target_connector: local
                asset_path: asset.yaml
                source:
                  files: [{path: x.csv, objekt: y}]
                  engine: {options: {batch_size: 10}}
                target:
                  connection: {path: "${MISSING_ROOT}"}
                  file_format: parket
                  partitioning: [ingest_date, regionn]
                schema_validation_mode: lenient
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new JobLoader().withBaseDir(dir).withSecretSource(n -> Optional.empty()).load(job));
        List<String> paths = new ArrayList<>();
        e.problems().forEach(p -> paths.add(p.path()));
        assertThat(paths).contains("source.files[0].objekt", "target.connection.path", "target.file_format",
                "target.partitioning", "schema_validation_mode");
        assertThat(e.getMessage()).contains("did you mean 'parquet'?").contains("${MISSING_ROOT}")
                .contains("job.yaml:6:").contains("'regionn' is not a field");
    }

    @Test
    void variablesWithDefaultsAndSecretsDirectoryAreSubstitutedAndSecretsMasked() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("DB_PASSWORD"), "s3cr3t-from-file\n");
        write("asset.yaml", "name: a\nschema:\n  - {name: id, type: integer}\n");
        Path job = write("job.yaml", """
                tenant_id: "${TENANT:-acme}"
                source_connector: csv
                target_connector: local
                asset_path: asset.yaml
                source:
                  files: [{path: "${DATA_DIR}/x.csv"}]
                  connection: {password: "${DB_PASSWORD}", user: "admin"}
                target:
                  connection: {path: out}
                """);
        JobLoader loader = new JobLoader().withBaseDir(dir).withVariables(Map.of("DATA_DIR", "in"))
                .withSecretSource(SecretSource.directory(secrets));
        JobSpec spec = loader.load(job);
        assertThat(spec.tenantId()).isEqualTo("acme");
        assertThat(spec.source().files().get(0).path()).isEqualTo("in/x.csv");
        assertThat(spec.source().connection()).containsEntry("password", "s3cr3t-from-file");
        assertThat(spec.toString()).doesNotContain("s3cr3t-from-file").contains("password=****");
        assertThat(loader.loadJob(job).masker().mask("failed: auth s3cr3t-from-file rejected"))
                .isEqualTo("failed: auth **** rejected");
    }

    private Path credentialsJob(String credentials) throws Exception {
        write("asset.yaml", "name: a\nschema:\n  - {name: id, type: integer}\n");
        write("pg.yaml", """
                name: pg
                type: pg
                roles: [source]
                credentials: {type: basic, file_template: "%s/secrets/{tenant}/pg.env"}
                connection_template: {host: "${UNSET_PG_HOST_FOR_TEST}", port: 5432, database: app}
                """.formatted(dir));
        return write("job.yaml", """
                tenant_id: acme
                source_connector: pg
                source_connector_path: pg.yaml
                target_connector: local
                asset_path: asset.yaml
                source: {tables: [{name: t}], connection: {host: db.internal}%s}
                target: {connection: {path: out}}
                """.formatted(credentials));
    }

    @Test
    void recipeCredentialsComeFromTheTenantsFileUnderTheJobsOwnAndAMissingFileIsAnErrorNamingIt()
            throws Exception {
        Path job = credentialsJob("");
        ConfigException missing = catchThrowableOfType(() -> new JobLoader().withBaseDir(dir).load(job),
                ConfigException.class);
        assertThat(missing.getMessage()).contains(dir.resolve("secrets/acme/pg.env").toString())
                .contains("does not exist");
        Files.createDirectories(dir.resolve("secrets/acme"));
        Files.writeString(dir.resolve("secrets/acme/pg.env"), "# db\nPGUSER=reader\nPGPASSWORD=\"fil3-Secret\"\n");
        JobLoader.Loaded fromFile = new JobLoader().withBaseDir(dir).loadJob(job);
        assertThat(fromFile.spec().source().credentials()).containsEntry("pguser", "reader")
                .containsEntry("pgpassword", "fil3-Secret");
        assertThat(fromFile.spec().source().connection()).as("the unset ${VAR} of a key the job gives is dropped")
                .containsEntry("host", "db.internal");
        assertThat(fromFile.masker().mask("login fil3-Secret")).isEqualTo("login ****");
        assertThat(fromFile.spec().toString()).doesNotContain("fil3-Secret");
        Files.delete(dir.resolve("secrets/acme/pg.env"));
        JobSpec own = new JobLoader().withBaseDir(dir).load(credentialsJob(
                ", credentials: {username: owner, password: own-Pw}"));
        assertThat(own.source().credentials()).as("the job's credentials need no file")
                .containsEntry("username", "owner").doesNotContainKey("pguser");
    }

    @Test
    void aRecipeVariableThatIsUnsetIsAnErrorOnlyWhereTheJobDoesNotGiveItsKey() throws Exception {
        credentialsJob("");
        Path job = write("job.yaml", """
                tenant_id: acme
                source_connector: pg
                source_connector_path: pg.yaml
                target_connector: local
                asset_path: asset.yaml
                source: {tables: [{name: t}], credentials: {user: u}}
                target: {connection: {path: out}}
                """);
        ConfigException e = catchThrowableOfType(() -> new JobLoader().withBaseDir(dir).load(job),
                ConfigException.class);
        assertThat(e.getMessage()).contains("UNSET_PG_HOST_FOR_TEST");
    }
}
