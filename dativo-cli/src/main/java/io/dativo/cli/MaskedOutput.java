package io.dativo.cli;

import io.dativo.core.config.Masker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Standard output and standard error of a command, with every line masked before it leaves the process: results,
 * JSON, error messages, log lines and {@code --verbose} stack traces alike, whoever prints them (the command, the
 * library's logging, a plugin). Lines are masked by the masker of every job the command loaded, which knows the
 * job's secrets, and before any is loaded by one that masks the passwords of URLs.
 */
final class MaskedOutput implements AutoCloseable {

    private static final List<Masker> MASKERS = new CopyOnWriteArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    private MaskedOutput(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Masks {@link System#out} and {@link System#err} until {@link #close()}. */
    static MaskedOutput install() {
        MASKERS.clear();
        MASKERS.add(Masker.urlsOnly());
        MaskedOutput installed = new MaskedOutput(System.out, System.err);
        Charset charset = charset();
        System.setOut(new PrintStream(new LineMasking(installed.out, charset), true, charset));
        System.setErr(new PrintStream(new LineMasking(installed.err, charset), true, charset));
        return installed;
    }

    /** Masks what is printed from now on with {@code masker} too: a job's secrets, once it is loaded. */
    static void add(Masker masker) {
        MASKERS.add(masker);
    }

    /** {@code text} masked by every masker added. */
    static String mask(String text) {
        String out = text;
        for (Masker m : MASKERS) {
            out = m.mask(out);
        }
        return out;
    }

    /** Prints what is still buffered and restores the streams. */
    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(out);
        System.setErr(err);
    }

    private static Charset charset() {
        String name = System.getProperty("sun.stdout.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    /** Buffers a line (up to a line feed or carriage return) and writes it masked. */
    private static final class LineMasking extends OutputStream {
        private final OutputStream target;
        private final Charset charset;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineMasking(OutputStream target, Charset charset) {
            this.target = target;
            this.charset = charset;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            line.write(b);
            if (b == '\n' || b == '\r') {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            emit();
            target.flush();
        }

        @Override
        public synchronized void close() throws IOException {
            flush();
        }

        private void emit() throws IOException {
            if (line.size() == 0) {
                return;
            }
            target.write(mask(line.toString(charset)).getBytes(charset));
            line.reset();
        }
    }
}
