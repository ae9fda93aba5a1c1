package io.dativo.flink;

import io.dativo.core.run.SplitTask;
import io.dativo.core.run.SplitWorker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The sink of a Dativo run on Flink, whose input is the run's tasks (Java-serialised {@code SplitTask}s). Its
 * writers read, validate and stage each split they are given as their subtask's current attempt and hand the
 * {@code SplitOutcome} on as a committable; its post-commit topology is the {@link RunCommitOperator} at
 * parallelism 1, which commits the whole run once. Flink's per-subtask committer step passes the outcomes on
 * unchanged, because a commit per subtask would not commit the run at once.
 */
final class StagingSink implements Sink<byte[]>, SupportsCommitter<byte[]>, SupportsPostCommitTopology<byte[]> {

    private static final long serialVersionUID = 1L;

    private final byte[] plan;

    /** A sink for the run {@code plan} (a Java-serialised {@code RunPlan}). */
    StagingSink(byte[] plan) {
        this.plan = plan.clone();
    }

    @Override
    public SinkWriter<byte[]> createWriter(WriterInitContext context) {
        return new StageWriter(context.getTaskInfo().getAttemptNumber() + 1);
    }

    @Override
    public Committer<byte[]> createCommitter(CommitterInitContext context) {
        return new PassOn();
    }

    @Override
    public SimpleVersionedSerializer<byte[]> getCommittableSerializer() {
        return new Bytes();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<byte[]>> committables) {
        committables.global()
                .transform("Dativo commit", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO,
                        new RunCommitOperator(plan))
                .setParallelism(1).setMaxParallelism(1);
    }

    /** Stages the splits its subtask is given; the outcomes are its committables. */
    private static final class StageWriter implements CommittingSinkWriter<byte[], byte[]> {

        private final int attempt;
        private final List<byte[]> outcomes = new ArrayList<>();

        StageWriter(int attempt) {
            this.attempt = attempt;
        }

        @Override
        public void write(byte[] task, Context context) throws IOException, InterruptedException {
            try {
                outcomes.add(JavaBytes.write(SplitWorker.run(JavaBytes.read(task, SplitTask.class), attempt)));
            } catch (IOException | InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            // each split is staged in full by write
        }

        @Override
        public Collection<byte[]> prepareCommit() {
            List<byte[]> out = List.copyOf(outcomes);
            outcomes.clear();
            return out;
        }

        @Override
        public void close() {
            // SplitWorker releases what each split used
        }
    }

    /** Marks the outcomes committed for Flink, which then hands them to the post-commit topology. */
    private static final class PassOn implements Committer<byte[]> {

        @Override
        public void commit(Collection<CommitRequest<byte[]>> requests) {
            // the run is committed once, by RunCommitOperator
        }

        @Override
        public void close() {
            // holds nothing
        }
    }

    /** Committables are Java-serialised outcomes already. */
    private static final class Bytes implements SimpleVersionedSerializer<byte[]> {

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(byte[] value) {
            return value;
        }

        @Override
        public byte[] deserialize(int version, byte[] serialized) {
            return serialized;
        }
    }
}
