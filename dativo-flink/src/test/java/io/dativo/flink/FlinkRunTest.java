package io.dativo.flink;

import io.dativo.core.DistributedRun;
import io.dativo.core.RunHandle;
import io.dativo.core.RunResult;
import io.dativo.core.config.JobLocation;
import io.dativo.enginetests.DistributedJobsTest;
import java.net.URI;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The engine jobs on one Flink MiniCluster for the class (one task manager with two slots), submitted as to a
 * real cluster, with a failed subtask restarted once.
 */
class FlinkRunTest extends DistributedJobsTest {

    static MiniCluster cluster;
    static Configuration conf;

    @BeforeAll
    static void start() throws Exception {
        conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, 0);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build());
        cluster.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected RunResult onEngine(JobLocation job) {
        return DativoFlink.run(environment(), DistributedRun.of(job));
    }

    @Override
    protected RunHandle startOnEngine(DistributedRun run) {
        return DativoFlink.start(environment(), run);
    }

    private static StreamExecutionEnvironment environment() {
        URI rest = cluster.getRestAddress().join();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(),
                rest.getPort(), conf);
        env.setParallelism(2);
        return env;
    }
}
