package io.dativo.bench;

import io.dativo.api.io.FileIO;
import io.dativo.api.io.PositionOutputStream;
import io.dativo.core.storage.FileIOs;
import java.util.Random;

/**
 * Requests that warm the benchmark's S3 server up before anything is measured, as a store that runs for days is warm:
 * without them the server's JIT compiler was still compiling its HTTP parser and request-body path (Jetty's
 * {@code HttpParser}, {@code HttpInput.read}) during the measured conversions, a third to a half of the server's
 * CPU time in them. Sent from this process through the S3 plugin, under a prefix of their own, deleted afterwards.
 */
final class ServerWarmUp {

    private static final int MB = 1 << 20;

    private ServerWarmUp() {
    }

    /** Sends {@code mb} MB in 8 MB parts as files of 32 MB, and 500 small files written, listed, read and deleted. */
    static void run(String endpoint, int mb) throws Exception {
        byte[] chunk = new byte[MB];
        new Random(1).nextBytes(chunk);
        String prefix = "s3://" + S3VsLocal.BUCKET + "/warm-up/";
        try (FileIOs stores = FileIOs.of(S3VsLocal.connection(endpoint, ""))) {
            FileIO io = stores.forLocation(prefix);
            for (int file = 0; file * 32 < mb; file++) {
                String location = prefix + "big-" + file;
                PositionOutputStream out = io.newOutputFile(location).create();
                try (out) {
                    for (int i = 0; i < 32; i++) {
                        out.write(chunk);
                    }
                }
                io.publish(out.pending());
                io.delete(location);
            }
            for (int i = 0; i < 500; i++) {
                String location = prefix + "small-" + i + ".json";
                io.writeWhole(location, "{\"warm\": true}".getBytes());
                io.newInputFile(location).exists();
                io.list(prefix);
                io.delete(location);
            }
            io.listPending(prefix);
        }
    }
}
