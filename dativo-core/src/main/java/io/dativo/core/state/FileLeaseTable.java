package io.dativo.core.state;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import io.dativo.api.Lease;
import io.dativo.core.internal.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases as one file per tenant and job, {@code .lease} beside the job's state documents. Every read and change
 * happens under an exclusive lock of that file (an operating-system lock between processes, a monitor between
 * threads of this JVM, which the operating system does not separate), so checking the holder and replacing it is
 * one step: of two runs taking over a dead holder, one wins. The file is never deleted, only emptied, so a process
 * waiting for the lock never ends up holding a lock on a file that is gone. The operating system drops the lock of
 * a process that dies; a lease half written by one is treated as no lease.
 */
final class FileLeaseTable implements LeaseTable {

    private static final Logger LOG = LoggerFactory.getLogger(FileLeaseTable.class);
    private static final ConcurrentHashMap<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Function<Lease, Path> files;
    private final String where;

    /**
     * @param files the lease file of a lease's tenant and job
     * @param where the store, for messages
     */
    FileLeaseTable(Function<Lease, Path> files, String where) {
        this.files = files;
        this.where = where;
    }

    @FunctionalInterface
    private interface Locked<T> {
        T run(FileChannel channel, Optional<Lease> current) throws IOException;
    }

    private <T> T locked(Lease lease, String what, Locked<T> work) {
        Path file = files.apply(lease);
        try {
            Files.createDirectories(file.getParent());
            synchronized (IN_PROCESS.computeIfAbsent(file, f -> new Object())) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                     FileLock lock = channel.lock()) {
                    return work.run(channel, read(channel, file));
                }
            }
        } catch (IOException e) {
            throw new DativoException(ErrorKind.TRANSIENT, "cannot " + what + " job " + lease.job() + " of tenant "
                    + lease.tenantId() + " in lease file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Lease> acquire(Lease candidate) {
        return locked(candidate, "claim", (channel, current) -> {
            if (current.isPresent() && !current.get().isDead(candidate.heartbeatAt())) {
                return current;
            }
            if (current.isPresent()) {
                LOG.warn("run {} takes over job {} of tenant {} from {}, which is dead", candidate.runId(),
                        candidate.job(), candidate.tenantId(), current.get().describe());
            }
            write(channel, candidate);
            return Optional.empty();
        });
    }

    @Override
    public boolean renew(Lease renewed) {
        return locked(renewed, "renew the lease on", (channel, current) -> {
            if (current.isEmpty() || !current.get().sameHolder(renewed)) {
                return false;
            }
            write(channel, renewed);
            return true;
        });
    }

    @Override
    public void release(Lease lease) {
        locked(lease, "release", (channel, current) -> {
            if (current.isPresent() && current.get().sameHolder(lease)) {
                channel.truncate(0);
                channel.force(true);
            }
            return null;
        });
    }

    @Override
    public String describe() {
        return where;
    }

    private static Optional<Lease> read(FileChannel channel, Path file) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return Optional.empty();
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size, 64 * 1024));
        int n;
        do {
            n = channel.read(buf, buf.position());
        } while (n > 0 && buf.hasRemaining());
        try {
            Map<String, Object> doc = Json.MAPPER.readValue(buf.array(), 0, buf.position(), new TypeReference<>() {
            });
            return Optional.of(new Lease(text(doc, "tenant_id"), text(doc, "job"), text(doc, "run_id"),
                    text(doc, "host"), ((Number) doc.get("pid")).longValue(), Instant.parse(text(doc, "started_at")),
                    Instant.parse(text(doc, "heartbeat_at")),
                    Duration.ofMillis(((Number) doc.get("ttl_ms")).longValue())));
        } catch (IOException | RuntimeException e) {
            // Only the lock holder writes the file; content that does not parse was cut short by a process that
            // died while writing it, and that process holds nothing.
            LOG.warn("lease file {} cannot be read ({}); treating the job as free", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static String text(Map<String, Object> doc, String field) {
        return String.valueOf(doc.get(field));
    }

    private static void write(FileChannel channel, Lease lease) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("tenant_id", lease.tenantId());
        doc.put("job", lease.job());
        doc.put("run_id", lease.runId());
        doc.put("host", lease.host());
        doc.put("pid", lease.pid());
        doc.put("started_at", lease.startedAt().toString());
        doc.put("heartbeat_at", lease.heartbeatAt().toString());
        doc.put("ttl_ms", lease.ttl().toMillis());
        ByteBuffer bytes = ByteBuffer.wrap(Json.PRETTY.writeValueAsBytes(doc));
        channel.truncate(0);
        while (bytes.hasRemaining()) {
            channel.write(bytes, bytes.position());
        }
        channel.force(true);
    }
}
