package io.dativo.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.dativo.api.ClaimOptions;
import io.dativo.api.DativoException;
import io.dativo.api.LeaseHandle;
import io.dativo.api.StateKey;
import io.dativo.api.StateRecord;
import io.dativo.api.StateStore;
import io.dativo.core.internal.Json;
import io.dativo.core.storage.PathNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps state as one JSON document per tenant, job and object: {@code {root}/{tenant}/{job}/{object}.json}. Each
 * document is written to a temporary file and moved into place atomically. A document that cannot be read is an
 * error naming the file, never a silent reset. A run claims a job with a lease kept in
 * {@code {root}/{tenant}/{job}/.lease}, which processes sharing the directory respect (see {@link #claim(String, String, String, ClaimOptions)}).
 */
public final class FileStateStore implements StateStore {

    private final Path root;
    private final FileLeaseTable leases;

    /** A store under {@code root}, created when first written. */
    public FileStateStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.leases = new FileLeaseTable(l -> leaseFile(l.tenantId(), l.job()), this.root.toString());
    }

    /** The directory the store keeps its documents in. */
    public Path root() {
        return root;
    }

    /** The document the state of {@code key} is kept in. */
    public Path file(StateKey key) {
        return root.resolve(PathNames.escape(key.tenantId())).resolve(PathNames.escape(key.job()))
                .resolve(PathNames.escape(key.object()) + ".json");
    }

    /**
     * The file that records which run holds a tenant's job. It stays in place when the job is released (emptied),
     * so that processes locking it always lock the same file.
     */
    public Path leaseFile(String tenantId, String job) {
        return root.resolve(PathNames.escape(tenantId)).resolve(PathNames.escape(job)).resolve(".lease");
    }

    @Override
    public Optional<StateRecord> load(StateKey key) {
        Path file = file(key);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(read(file, key));
    }

    private static StateRecord read(Path file, StateKey expected) {
        Map<String, Object> doc;
        try {
            doc = Json.MAPPER.readValue(file.toFile(), new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new DativoException("state file " + file + " is not valid JSON (" + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + "); fix it, or reset the state to read the object "
                    + "from the start");
        } catch (IOException e) {
            throw new DativoException("cannot read state file " + file + ": " + e.getMessage(), e);
        }
        String problem = null;
        Instant committedAt = null;
        if (!(doc.get("values") instanceof Map<?, ?>)) {
            problem = "'values' must be a mapping";
        } else if (!(doc.get("run_id") instanceof String)) {
            problem = "'run_id' must be text";
        } else {
            try {
                committedAt = Instant.parse(String.valueOf(doc.get("committed_at")));
            } catch (DateTimeParseException e) {
                problem = "'committed_at' must be an ISO-8601 instant, found '" + doc.get("committed_at") + "'";
            }
        }
        if (problem == null && expected != null && (!expected.tenantId().equals(doc.get("tenant_id"))
                || !expected.job().equals(doc.get("job")) || !expected.object().equals(doc.get("object")))) {
            problem = "it belongs to tenant '" + doc.get("tenant_id") + "', job '" + doc.get("job") + "', object '"
                    + doc.get("object") + "'";
        }
        if (problem != null) {
            throw new DativoException("state file " + file + " is not valid: " + problem
                    + "; fix it, or reset the state to read the object from the start");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) doc.get("values");
        StateKey key = expected != null ? expected : new StateKey(String.valueOf(doc.get("tenant_id")),
                String.valueOf(doc.get("job")), String.valueOf(doc.get("object")));
        return new StateRecord(key, values, (String) doc.get("run_id"), committedAt, file.toString());
    }

    @Override
    public void save(List<StateRecord> records) {
        for (StateRecord r : records) {
            Path file = file(r.key());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("tenant_id", r.key().tenantId());
            doc.put("job", r.key().job());
            doc.put("object", r.key().object());
            doc.put("run_id", r.runId());
            doc.put("committed_at", r.committedAt().toString());
            doc.put("values", r.values());
            try {
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), ".state-", ".tmp");
                try {
                    Json.PRETTY.writeValue(tmp.toFile(), doc);
                    try {
                        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                throw new DativoException("cannot write state file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<StateRecord> list(String tenantId, String job) {
        Path dir = root.resolve(PathNames.escape(tenantId));
        if (job != null) {
            dir = dir.resolve(PathNames.escape(job));
        }
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<StateRecord> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                out.add(read(p, null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void delete(StateKey key) {
        try {
            Files.delete(file(key));
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new DativoException("cannot delete state file " + file(key) + ": " + e.getMessage(), e);
        }
    }

    /** A lease with {@link ClaimOptions#defaults()}. */
    @Override
    public LeaseHandle claim(String tenantId, String job, String runId) {
        return claim(tenantId, job, runId, ClaimOptions.defaults());
    }

    /**
     * A lease in {@link #leaseFile}: checking the holder and taking the job over happen under an exclusive lock of
     * that file, so runs in other processes (on this host, or on others sharing the directory through a file system
     * with working locks) and in this one exclude each other.
     */
    @Override
    public LeaseHandle claim(String tenantId, String job, String runId, ClaimOptions options) {
        return Leases.claim(leases, tenantId, job, runId, options);
    }

    /** The leases, for tests that plant one. */
    LeaseTable leases() {
        return leases;
    }

    @Override
    public String toString() {
        return "FileStateStore[" + root + "]";
    }
}
