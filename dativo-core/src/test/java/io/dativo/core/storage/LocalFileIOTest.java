package io.dativo.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dativo.api.io.FileEntry;
import io.dativo.api.io.FileIO;
import io.dativo.api.io.PendingFile;
import io.dativo.api.io.PositionOutputStream;
import io.dativo.api.io.SeekableInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileIOTest {

    @TempDir
    Path dir;

    private static PendingFile write(FileIO io, String location, String text) throws IOException {
        PositionOutputStream out = io.newOutputFile(location).create();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        assertThat(out.position()).isEqualTo(text.length());
        assertThatThrownBy(out::pending).isInstanceOf(IllegalStateException.class);
        out.close();
        return out.pending();
    }

    @Test
    void writtenBytesStayInvisibleUntilPublished() throws IOException {
        FileIO io = new LocalFileIO();
        String location = dir.resolve("a/b/part-1.csv").toString();
        PendingFile pending = write(io, location, "id\n1\n");
        assertThat(pending.size()).isEqualTo(5);
        assertThat(io.list(dir.toString())).isEmpty();
        assertThat(io.newInputFile(location).exists()).isFalse();

        io.publish(pending);
        assertThat(io.list(dir.toString())).extracting(FileEntry::location).containsExactly(location);
        assertThat(Files.readString(Path.of(location))).isEqualTo("id\n1\n");
        assertThat(io.listPending(dir.toString())).isEmpty();
        io.publish(pending);
        assertThat(Files.readString(Path.of(location))).isEqualTo("id\n1\n");
    }

    @Test
    void pendingFilesAreFoundByAnotherInstanceAndCanBeAborted() throws IOException {
        PendingFile kept = write(new LocalFileIO(), dir.resolve("x/keep.parquet").toString(), "keep");
        PendingFile dropped = write(new LocalFileIO(), dir.resolve("x/y/drop.parquet").toString(), "drop");
        FileIO other = new LocalFileIO();
        assertThat(other.listPending(dir.toString())).containsExactlyInAnyOrder(kept, dropped);
        other.abort(dropped);
        assertThat(other.listPending(dir.toString())).containsExactly(kept);
        assertThatThrownBy(() -> other.publish(dropped)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("drop.parquet");
    }

    @Test
    void aPendingFileIsPublishedByAnotherProcessFromItsDataAlone() throws Exception {
        String location = dir.resolve("out/part-7.jsonl").toString();
        PendingFile pending = write(new LocalFileIO(), location, "{\"id\":7}\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PublishMain.class.getName(), pending.location(), String.valueOf(pending.size()),
                pending.properties().get("staged")).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        assertThat(Files.readString(Path.of(location))).isEqualTo("{\"id\":7}\n");
        assertThat(new LocalFileIO().listPending(dir.toString())).isEmpty();
    }

    /** Publishes a pending file given on the command line, as a committer in another process would. */
    public static final class PublishMain {
        public static void main(String[] args) throws IOException {
            new LocalFileIO().publish(new PendingFile(args[0], Long.parseLong(args[1]), Map.of("staged", args[2])));
        }
    }

    @Test
    void streamsSeekForRangedReads() throws IOException {
        Path f = dir.resolve("data.bin");
        Files.writeString(f, "0123456789");
        var in = new LocalFileIO().newInputFile("file:" + f);
        assertThat(in.length()).isEqualTo(10);
        assertThat(in.lastModified()).isEqualTo(Files.getLastModifiedTime(f).toInstant());
        try (SeekableInputStream s = in.newStream()) {
            s.seek(6);
            byte[] four = new byte[4];
            s.readFully(four, 0, 4);
            assertThat(new String(four, StandardCharsets.US_ASCII)).isEqualTo("6789");
            assertThat(s.position()).isEqualTo(10);
            assertThat(s.read()).isEqualTo(-1);
            s.seek(2);
            assertThat((char) s.read()).isEqualTo('2');
            assertThatThrownBy(() -> s.readFully(new byte[20], 0, 20)).isInstanceOf(java.io.EOFException.class);
        }
    }

    @Test
    void listingAMissingPrefixIsEmptyAndDeletingAMissingFileIsNoError() throws IOException {
        FileIO io = new LocalFileIO();
        assertThat(io.list(dir.resolve("none").toString())).isEqualTo(List.of());
        io.delete(dir.resolve("none/x").toString());
        assertThat(io.resolve(dir.toString(), "a/b.csv")).isEqualTo(dir.resolve("a/b.csv").toString());
    }

    @Test
    void aWholeWriteThatFailsKeepsTheFormerFileAndLeavesNothingStaged() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full, a device whose writes fail with 'no space left'");
        FileIO io = new LocalFileIO();
        Path target = dir.resolve("pointer.json").toAbsolutePath();
        io.writeWhole(target.toString(), "old".getBytes(StandardCharsets.UTF_8));
        Path staged = LocalFileIO.stagedPath(target);
        Files.createSymbolicLink(staged, full);

        assertThatThrownBy(() -> io.writeWhole(target.toString(), "new".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(Files.exists(staged, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(io.listPending(dir.toString())).isEmpty();
    }
}
