package dev.baton.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.cluster.ZooKeeperEnsemble;
import dev.baton.conformance.history.FaultSchedule;
import dev.baton.conformance.history.ScheduleReport;
import dev.baton.conformance.history.ScheduleSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A fault schedule on a 3-node ZooKeeper ensemble of its own (its nodes are killed and the whole
 * ensemble restarted): participants in their own JVMs, each through its own link, session TTL 2 s;
 * the history must hold every rule of the checker. {@code -Dbaton.schedule.faults} (default 20)
 * and {@code -Dbaton.schedule.seed} choose the schedule; the {@code soak} profile runs 200 faults.
 * History and summary: {@code target/fault-schedule/zookeeper/}.
 */
class ZooKeeperFaultScheduleIT {
  @Test
  void faultScheduleHoldsEveryRule() {
    ScheduleSettings settings = ScheduleSettings.fromSystemProperties();
    try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.builder().nodes(3).start()) {
      ScheduleReport report = new FaultSchedule("zookeeper", "zookeeper", ensemble, settings)
          .run(Path.of("target", "fault-schedule", "zookeeper"));
      assertThat(report.violations()).as("violations of the fault schedule (seed %s):%n%s",
          settings.seed(), report.summary()).isEmpty();
    }
  }
}
