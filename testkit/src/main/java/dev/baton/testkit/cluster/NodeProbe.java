package dev.baton.testkit.cluster;

/** Asks one kind of server about its state; every method answers within about a second. */
interface NodeProbe {
  /** The server process answers on its client port, whether or not it is part of a quorum. */
  boolean answers(ClusterNode node);

  /** The server is part of a working quorum (or standalone) and serves clients. */
  boolean serving(ClusterNode node);

  /** The server says it leads the cluster (a standalone server leads itself). */
  boolean isLeader(ClusterNode node);
}
