package dev.baton.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.cluster.EtcdCluster;
import dev.baton.conformance.history.FaultSchedule;
import dev.baton.conformance.history.ScheduleReport;
import dev.baton.conformance.history.ScheduleSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A fault schedule on a 3-node etcd cluster of its own (its members are killed and the whole
 * cluster restarted): participants in their own JVMs, each through its own link, session TTL 2 s;
 * the history must hold every rule of the checker. {@code -Dbaton.schedule.faults} (default 20)
 * and {@code -Dbaton.schedule.seed} choose the schedule; the {@code soak} profile runs 200 faults.
 * History and summary: {@code target/fault-schedule/etcd/}.
 */
class EtcdFaultScheduleIT {
  @Test
  void faultScheduleHoldsEveryRule() {
    ScheduleSettings settings = ScheduleSettings.fromSystemProperties();
    try (EtcdCluster cluster = EtcdCluster.builder().nodes(3).start()) {
      ScheduleReport report = new FaultSchedule("etcd", "etcd", cluster, settings)
          .run(Path.of("target", "fault-schedule", "etcd"));
      assertThat(report.violations()).as("violations of the fault schedule (seed %s):%n%s",
          settings.seed(), report.summary()).isEmpty();
    }
  }
}
