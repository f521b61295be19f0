package dev.baton.conformance.history;

import java.util.Locale;

/**
 * The faults a {@link Nemesis} injects, as named in a history ({@code fault=link-cut}), with what
 * each one touches: the {@code target} of its events is a participant or watcher id, or {@code
 * cluster}.
 */
public enum FaultKind {
  /** SIGKILL of a participant's JVM; a new participant process takes its slot and link. */
  PARTICIPANT_KILL(false, true),
  /** SIGSTOP of a participant's JVM for longer than the session TTL, then SIGCONT. */
  PARTICIPANT_PAUSE(false, true),
  /** The client's link is cut: connections reset, new ones refused, then healed. */
  LINK_CUT(false, true),
  /** The client's link is blackholed past the session TTL: connections stall both ways, nothing gets through; then healed. */
  LINK_BLACKHOLE(false, true),
  /** The client's link holds every chunk of bytes for a delay, then is healed. */
  LINK_SLOW(false, true),
  /** The cluster's leader node is killed (SIGKILL) and restarted with its data. */
  NODE_KILL(true, false),
  /** Every cluster node is killed, then all are restarted with their data. */
  CLUSTER_RESTART(true, false);

  private final boolean clusterWide;
  private final boolean excusesOverlap;

  FaultKind(boolean clusterWide, boolean excusesOverlap) {
    this.clusterWide = clusterWide;
    this.excusesOverlap = excusesOverlap;
  }

  /** The name in a history: {@code link-cut}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** True for faults of the cluster, which touch every client. */
  public boolean clusterWide() {
    return clusterWide;
  }

  /**
   * True for faults of one client's process or link, during which that client cannot know that it
   * lost its term (paused, or its link silent), so its belief may outlive the term.
   */
  public boolean excusesOverlap() {
    return excusesOverlap;
  }

  /** True for faults of a client's link. */
  public boolean onLink() {
    return this == LINK_CUT || this == LINK_BLACKHOLE || this == LINK_SLOW;
  }

  /** The kind with {@code label}, or an exception that lists the labels. */
  public static FaultKind ofLabel(String label) {
    for (FaultKind k : values()) {
      if (k.label().equals(label)) {
        return k;
      }
    }
    throw new IllegalArgumentException("no fault kind \"" + label + "\"");
  }
}
