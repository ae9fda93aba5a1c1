package io.dativo.core.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.dativo.api.io.FileEntry;
import io.dativo.api.io.FileIO;
import io.dativo.api.io.InputFile;
import io.dativo.api.io.OutputFile;
import io.dativo.api.io.PendingFile;
import io.dativo.core.storage.LocalFileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLeaseTest {

    @TempDir
    Path dir;

    @Test
    void theHeartbeatWritesThroughAHolderThatStillHoldsTheLeaseWhenAnEarlierOneClosedItsStorage() throws Exception {
        String location = dir.resolve("run-a/" + RunLease.FILE).toString();
        Storage first = new Storage();
        Storage second = new Storage();
        StagedRuns.Held a = RunLease.hold(first, location, "run-a", Duration.ofSeconds(1));
        StagedRuns.Held b = RunLease.hold(second, location, "run-a", Duration.ofSeconds(1));
        Instant taken = RunLease.read(first, location).orElseThrow().heartbeatAt();
        a.close();
        first.close();

        Thread.sleep(1_200);
        assertThat(second.writes.get()).as("heartbeats written through the holder left").isGreaterThanOrEqualTo(2);
        assertThat(RunLease.read(second, location).orElseThrow().heartbeatAt()).isAfter(taken);
        assertThat(first.refused.get()).as("writes tried through the closed storage").isZero();
        b.close();
        RunLease.end(second, location);
    }

    @Test
    void aLeaseTakenAgainRightAfterItsHoldersLetGoIsNotWrittenAgainButOneTakenLaterIs() throws Exception {
        String location = dir.resolve("run-b/" + RunLease.FILE).toString();
        Storage io = new Storage();
        RunLease.hold(io, location, "run-b", Duration.ofSeconds(3)).close();
        RunLease.hold(io, location, "run-b", Duration.ofSeconds(3)).close();
        assertThat(io.writes.get()).as("split writers, then the commit, within one heartbeat").isEqualTo(1);

        Thread.sleep(1_100);
        StagedRuns.Held late = RunLease.hold(io, location, "run-b", Duration.ofSeconds(3));
        assertThat(io.writes.get()).as("taken again after a heartbeat's period").isEqualTo(2);
        late.close();
        RunLease.end(io, location);
        assertThat(RunLease.read(io, location)).isEmpty();
    }

    /**
     * Local storage that counts whole-file writes and, once closed, refuses them, as a closed S3 client does; a
     * stand-in because no real store here can be closed under a live heartbeat on demand.
     */
    private static final class Storage implements FileIO {
        private final FileIO local = new LocalFileIO();
        private final AtomicInteger writes = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();
        private volatile boolean closed;

        @Override
        public void writeWhole(String location, byte[] bytes) throws IOException {
            if (closed) {
                refused.incrementAndGet();
                throw new IllegalStateException("closed");
            }
            writes.incrementAndGet();
            local.writeWhole(location, bytes);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public InputFile newInputFile(String location) {
            return local.newInputFile(location);
        }

        @Override
        public OutputFile newOutputFile(String location) {
            return local.newOutputFile(location);
        }

        @Override
        public void publish(PendingFile file) throws IOException {
            local.publish(file);
        }

        @Override
        public void abort(PendingFile file) throws IOException {
            local.abort(file);
        }

        @Override
        public List<PendingFile> listPending(String prefix) throws IOException {
            return local.listPending(prefix);
        }

        @Override
        public List<FileEntry> list(String prefix) throws IOException {
            return local.list(prefix);
        }

        @Override
        public void delete(String location) throws IOException {
            local.delete(location);
        }
    }
}
