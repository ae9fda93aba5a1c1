package io.dativo.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dativo.api.ConfigException;
import io.dativo.api.ConfigProblem;
import io.dativo.api.FileSpec;
import io.dativo.api.SourceConfig;
import io.dativo.api.TableSpec;
import io.dativo.api.TargetConfig;
import io.dativo.core.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job reads and where it writes, as a fingerprint. Incremental state is kept per tenant and job name, so two
 * jobs that share both must be the same job: the fingerprint covers the source (connector, reader class, connection,
 * objects, tables, query, files) and the target (connector, writer class, connection, catalog, and the asset's
 * domain, data product and name, which place its output), and nothing that only tunes a run (engine options, batch
 * sizes, file sizes, formats, retries). It is a hash: connection values, secrets among them, are not kept readable.
 */
public final class JobIdentity {

    private JobIdentity() {
    }

    /** The fingerprint of {@code spec}: 16 hex digits of a SHA-256 over its source and target. */
    public static String fingerprint(JobSpec spec) {
        Map<String, Object> id = new LinkedHashMap<>();
        SourceConfig s = spec.source();
        id.put("source", List.of(String.valueOf(s.type()), String.valueOf(s.customReader()), sorted(s.connection()),
                s.objects(), s.tables().stream().map(JobIdentity::table).toList(), String.valueOf(s.query()),
                s.files().stream().map(JobIdentity::file).toList()));
        TargetConfig t = spec.target();
        id.put("target", List.of(String.valueOf(t.type()), String.valueOf(t.customWriter()), sorted(t.connection()),
                sorted(t.catalog()), String.valueOf(spec.asset().domain()), String.valueOf(spec.asset().dataProduct()),
                spec.asset().name()));
        try {
            byte[] text = Json.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsBytes(id);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text), 0, 8);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint job " + spec.name(), e);
        }
    }

    /** A short account of the job's source and target for messages; connection values are left out. */
    public static String describe(JobSpec spec) {
        SourceConfig s = spec.source();
        TargetConfig t = spec.target();
        String from = s.customReader() != null ? s.customReader() : s.type();
        String what = !s.files().isEmpty() ? " " + s.files().stream().map(FileSpec::path).toList()
                : !s.tables().isEmpty() ? " " + s.tables().stream().map(TableSpec::name).toList()
                : !s.objects().isEmpty() ? " " + s.objects() : "";
        String to = t.customWriter() != null ? t.customWriter() : t.type();
        Object path = t.connection().get("path");
        return from + what + " -> " + to + (path != null ? " " + path : "") + ", asset " + spec.asset().name();
    }

    /**
     * Refuses jobs loaded together (from one directory) that share a tenant and name but not a fingerprint.
     *
     * @param jobs each job by the file it came from
     * @throws ConfigException naming both files of every clash
     */
    public static void checkDistinct(Map<String, JobSpec> jobs) {
        Map<String, String> firstFile = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        jobs.forEach((file, spec) -> {
            String key = spec.tenantId() + "\u0000" + spec.name();
            String other = firstFile.putIfAbsent(key, file);
            if (other != null && !fingerprint(spec).equals(fingerprint(jobs.get(other)))) {
                problems.add(new ConfigProblem(file, 0, 0, "name", "job '" + spec.name() + "' of tenant '"
                        + spec.tenantId() + "' is also defined by " + other + " with another source or target ("
                        + describe(jobs.get(other)) + " here " + describe(spec) + "); jobs that share a name share "
                        + "incremental state: give one of them its own name"));
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static Map<String, Object> sorted(Map<String, Object> m) {
        return new TreeMap<>(m);
    }

    private static List<String> table(TableSpec t) {
        return List.of(String.valueOf(t.name()), String.valueOf(t.object()), String.valueOf(t.cursorField()));
    }

    private static List<String> file(FileSpec f) {
        return List.of(String.valueOf(f.path()), String.valueOf(f.object()));
    }
}
