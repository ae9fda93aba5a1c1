package io.dativo.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/** How the contract tests report a broken rule: its name, what happened, and what the plugin author should do. */
final class Rules {

    private Rules() {
    }

    /** Fails the test: {@code [rule] problem How to fix: fix}. */
    static void broken(String rule, String problem, String fix) {
        fail("[" + rule + "] " + problem + "\nHow to fix: " + fix);
    }

    /** Fails the test as {@link #broken(String, String, String)} does, with {@code cause} attached. */
    static void broken(String rule, String problem, String fix, Throwable cause) {
        fail("[" + rule + "] " + problem + "\nHow to fix: " + fix, cause);
    }

    /** Fails with the rule's message unless {@code ok}. */
    static void check(boolean ok, String rule, String problem, String fix) {
        if (!ok) {
            broken(rule, problem, fix);
        }
    }

    /** Fails, with what is still allocated, if {@code allocator} holds memory. */
    static void noLeak(BufferAllocator allocator, String rule, String when, String fix) {
        long held = allocator.getAllocatedMemory();
        check(held == 0, rule, held + " bytes of Arrow memory are still allocated " + when + ".\n"
                + allocator.toVerboseString(), fix);
    }

    /** What {@code actual} holds more often than {@code expected} (extra) and less often (missing), as text. */
    static String difference(List<Map<String, String>> expected, List<Map<String, String>> actual) {
        Map<Map<String, String>, Integer> counts = new HashMap<>();
        expected.forEach(r -> counts.merge(r, 1, Integer::sum));
        actual.forEach(r -> counts.merge(r, -1, Integer::sum));
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        counts.forEach((r, n) -> {
            for (int i = 0; i < Math.abs(n); i++) {
                (n > 0 ? missing : extra).add(r.toString());
            }
        });
        if (missing.isEmpty() && extra.isEmpty()) {
            return "";
        }
        return "missing " + missing.size() + limit(missing) + "; unexpected or repeated " + extra.size()
                + limit(extra);
    }

    private static String limit(List<String> records) {
        return records.isEmpty() ? "" : " " + records.subList(0, Math.min(5, records.size()))
                + (records.size() > 5 ? " and more" : "");
    }

    /** {@code value} after Java serialisation and back, as when it crosses to another process. */
    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value, String rule, String what) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (Exception e) {
            broken(rule, what + " cannot be sent to another process by Java serialisation: " + e,
                    "keep only serialisable plain values (strings, numbers, lists and maps of them) in it");
            throw new IllegalStateException(e);
        }
    }
}
