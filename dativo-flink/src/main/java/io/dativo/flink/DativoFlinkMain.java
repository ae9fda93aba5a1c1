package io.dativo.flink;

import io.dativo.core.DistributedRun;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The {@code flink run} entry: {@code flink run -c io.dativo.flink.DativoFlinkMain dativo-flink-job.jar JOB.yaml
 * [NAME=VALUE ...]}. Runs the job once as a bounded job on the cluster {@code flink run} submits to (the
 * environment's parallelism, {@code -p}, unless the job sets {@code parallelism}), with the variables given before
 * the environment, prints the outcome, and exits with 0 when the run committed, 1 when it failed and 2 for wrong
 * arguments.
 */
public final class DativoFlinkMain {

    private DativoFlinkMain() {
    }

    /** Runs the job named by the first argument. */
    public static void main(String[] args) {
        System.exit(DistributedRun.runMain(args, "flink run -c " + DativoFlinkMain.class.getName()
                + " dativo-flink-job.jar JOB.yaml [NAME=VALUE ...]",
                run -> DativoFlink.run(StreamExecutionEnvironment.getExecutionEnvironment(), run)));
    }
}
