package io.dativo.flink;

import io.dativo.core.DistributedRun;
import io.dativo.core.run.EngineCommit;
import io.dativo.core.run.RunPlan;
import io.dativo.core.run.SplitOutcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The global committer of a Dativo run on Flink, at parallelism 1: gathers the outcome of every staged split and,
 * once its input has ended (every writer subtask finished), commits the run once through the job's committer and
 * saves its state ({@link DistributedRun#commitOnEngine}). What the commit did goes back to the client in the
 * accumulator {@link #REPORT}. Restarted after a failure, it finds a commit of the run already made and does not
 * make it again.
 */
final class RunCommitOperator extends AbstractStreamOperator<byte[]>
        implements OneInputStreamOperator<CommittableMessage<byte[]>, byte[]>, BoundedOneInput {

    /** The accumulator that carries the Java-serialised {@link EngineCommit.Report} to the client. */
    static final String REPORT = "dativo-commit-report";
    private static final long serialVersionUID = 1L;

    private final byte[] plan;
    private transient List<SplitOutcome> outcomes;

    RunCommitOperator(byte[] plan) {
        this.plan = plan.clone();
    }

    @Override
    public void open() throws Exception {
        super.open();
        outcomes = new ArrayList<>();
    }

    @Override
    public void processElement(StreamRecord<CommittableMessage<byte[]>> element) {
        if (element.getValue() instanceof CommittableWithLineage<byte[]> c) {
            outcomes.add(JavaBytes.read(c.getCommittable(), SplitOutcome.class));
        }
    }

    @Override
    public void endInput() throws Exception {
        EngineCommit.Report report = DistributedRun.commitOnEngine(JavaBytes.read(plan, RunPlan.class), outcomes);
        ListAccumulator<byte[]> out = new ListAccumulator<>();
        out.add(JavaBytes.write(report));
        getRuntimeContext().addAccumulator(REPORT, out);
    }
}
