package dev.baton.conformance.history;

import dev.baton.testkit.cluster.ClientLink;
import dev.baton.testkit.cluster.ClusterNode;
import dev.baton.testkit.cluster.LocalCluster;
import dev.baton.testkit.cluster.Wait;
import dev.baton.conformance.history.Event.Kind;
import dev.baton.conformance.history.FaultPlan.Aim;
import dev.baton.conformance.history.FaultPlan.Planned;
import java.time.Duration;
import java.util.List;

/*
 * Injects a plan's faults one at a time, each recorded as FAULT_START / FAULT_END around what it
 * does, so that the history says exactly when a fault was in force:
 *
 *   participant-kill   SIGKILL, wait until gone              | then a new process in the slot
 *   participant-pause  SIGSTOP, hold, SIGCONT
 *   link-*             cut / blackhole / slow, hold, heal     (a participant's or watcher's link)
 *   node-kill          SIGKILL the cluster's leader node, hold, restart it (returns serving)
 *   cluster-restart    SIGKILL every node, hold, restart each, wait for a cluster leader
 *
 * One fault at a time keeps each heal's consequences apart, which is what the checker's bounds
 * after a heal need. Between faults the system settles: at least the checker's leader-after-heal
 * bound plus 500 ms (so rule 4 has a window to look at), and until exactly one participant leads
 * and every participant is ready and connected. A system that does not settle within a further
 * 20 s is left as it is (a NOTE says so) and the next fault comes: the checker judges the history.
 * Holding a fault is a sleep on purpose: the fault's duration is the point.
 */
final class Nemesis {
  private static final Duration SETTLE_EXTRA = Duration.ofMillis(500);
  private static final Duration SETTLE_GIVE_UP = Duration.ofSeconds(20);
  private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(120);

  private final History history;
  private final LocalCluster cluster;
  private final Participants participants;
  private final ConfigWorkload workload;
  private final Duration settleAtLeast;

  Nemesis(History history, LocalCluster cluster, Participants participants,
      ConfigWorkload workload, ScheduleSettings settings) {
    this.history = history;
    this.cluster = cluster;
    this.participants = participants;
    this.workload = workload;
    this.settleAtLeast = settings.bounds().leaderAfterHeal().plus(SETTLE_EXTRA);
  }

  /** Injects every planned fault, letting the system settle before each and after the last. */
  void run(List<Planned> plan) {
    for (Planned p : plan) {
      settle();
      inject(p);
    }
    settle();
  }

  /** Waits out the minimum settle time, then until the system looks settled (or gives up). */
  void settle() {
    long since = System.nanoTime();
    try {
      Wait.until("exactly one leader and every participant ready and connected",
          settleAtLeast.plus(SETTLE_GIVE_UP),
          () -> System.nanoTime() - since >= settleAtLeast.toNanos() && participants.settled());
    } catch (AssertionError e) {
      history.record("nemesis", Kind.NOTE, "text", "not settled: " + participants.describe());
    }
  }

  private void inject(Planned p) {
    switch (p.kind()) {
      case PARTICIPANT_KILL -> {
        String target = participant(p);
        int slotBefore = participants.ids().indexOf(target);
        start(p, target);
        participants.kill(target);
        end(p, target);
        participants.spawn(slotBefore);
      }
      case PARTICIPANT_PAUSE -> {
        String target = participant(p);
        start(p, target);
        participants.pause(target);
        hold(p.hold());
        participants.resume(target);
        end(p, target);
      }
      case LINK_CUT, LINK_BLACKHOLE, LINK_SLOW -> {
        String target = p.aim() == Aim.WATCHER ? pick(workload.watcherIds(), p.pick())
            : participant(p);
        ClientLink link = p.aim() == Aim.WATCHER ? workload.link(target)
            : participants.link(target);
        start(p, target);
        switch (p.kind()) {
          case LINK_CUT -> link.cut();
          case LINK_BLACKHOLE -> link.blackhole();
          default -> link.slow(p.delay());
        }
        hold(p.hold());
        link.heal();
        end(p, target);
      }
      case NODE_KILL -> {
        ClusterNode leader = cluster.awaitLeader(CLUSTER_TIMEOUT);
        start(p, "cluster", "node", leader.id());
        leader.kill();
        hold(p.hold());
        leader.restart();
        end(p, "cluster");
      }
      case CLUSTER_RESTART -> {
        start(p, "cluster");
        cluster.nodes().forEach(ClusterNode::kill);
        hold(p.hold());
        cluster.nodes().forEach(ClusterNode::restart);
        cluster.awaitLeader(CLUSTER_TIMEOUT);
        end(p, "cluster");
      }
    }
  }

  /** The leader (or a follower) among the participants now, as the plan aims. */
  private String participant(Planned p) {
    List<String> ids = participants.ids();
    String leader = participants.leader().orElse(null);
    if (p.aim() == Aim.LEADER && leader != null) {
      return leader;
    }
    List<String> others = ids.stream().filter(id -> !id.equals(leader)).toList();
    return pick(others.isEmpty() ? ids : others, p.pick());
  }

  private static String pick(List<String> ids, double pick) {
    return ids.get(Math.min(ids.size() - 1, (int) (pick * ids.size())));
  }

  private void start(Planned p, String target, Object... more) {
    Object[] fields = {"id", "f" + p.number(), "fault", p.kind().label(), "target", target,
        "hold", p.hold().toMillis()};
    if (p.kind() == FaultKind.LINK_SLOW) {
      fields = concat(fields, "delay", p.delay().toMillis());
    }
    history.record("nemesis", Kind.FAULT_START, concat(fields, more));
  }

  private void end(Planned p, String target) {
    history.record("nemesis", Kind.FAULT_END, "id", "f" + p.number(), "fault", p.kind().label(),
        "target", target);
  }

  private static Object[] concat(Object[] a, Object... b) {
    Object[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void hold(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while holding a fault", e);
    }
  }
}
