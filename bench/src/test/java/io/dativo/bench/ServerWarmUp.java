package io.dativo.bench;

import io.dativo.api.io.FileIO;
import io.dativo.api.io.PendingFile;
import io.dativo.api.io.PositionOutputStream;
import io.dativo.core.storage.FileIOs;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Sends {@code mb} MB in 8 MB parts as files of 32 MB, completed two at a time, and 500 rounds of a pair of small
     * files written whole, read, listed and deleted in one request, and a pair of small uploads started, listed,
     * completed together and deleted: every kind of request a conversion makes, as often as a few hundred
     * conversions make them.
     */
    static void run(String endpoint, int mb) throws Exception {
        byte[] chunk = new byte[MB];
        new Random(1).nextBytes(chunk);
        String prefix = "s3://" + S3VsLocal.BUCKET + "/warm-up/";
        try (FileIOs stores = FileIOs.of(S3VsLocal.connection(endpoint, ""))) {
            FileIO io = stores.forLocation(prefix);
            for (int file = 0; file * 32 < mb; file += 2) {
                List<String> pair = List.of(prefix + "big-" + file, prefix + "big-" + (file + 1));
                List<PendingFile> staged = new ArrayList<>();
                for (String location : pair) {
                    PositionOutputStream out = io.newOutputFile(location).create();
                    try (out) {
                        for (int i = 0; i < 32; i++) {
                            out.write(chunk);
                        }
                    }
                    staged.add(out.pending());
                }
                io.publishAll(staged);
                io.deleteAll(pair);
            }
            for (int i = 0; i < 500; i++) {
                List<String> pair = List.of(prefix + "small-" + i + ".json", prefix + "small-" + i + "-b.json");
                for (String location : pair) {
                    io.writeWhole(location, "{\"warm\": true}".getBytes());
                }
                io.newInputFile(pair.get(0)).exists();
                io.list(prefix);
                io.deleteAll(pair);
                List<PendingFile> staged = new ArrayList<>();
                for (String location : pair) {
                    PositionOutputStream out = io.newOutputFile(location + ".part").create();
                    try (out) {
                        out.write(chunk, 0, 100);
                    }
                    staged.add(out.pending());
                }
                io.listPending(prefix);
                io.publishAll(staged);
                io.deleteAll(List.of(pair.get(0) + ".part", pair.get(1) + ".part"));
            }
        }
    }
}
