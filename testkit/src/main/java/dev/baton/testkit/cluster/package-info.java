/**
 * Real coordination clusters on this machine's loopback interface, with real faults, for tests and
 * demos.
 *
 * <p>{@link dev.baton.testkit.cluster.ZooKeeperEnsemble} runs each ZooKeeper server in a child JVM
 * from the zookeeper jar (nothing to install); {@link dev.baton.testkit.cluster.EtcdCluster} runs
 * the {@code etcd} binary (or, where there is none and Docker is present, containers). Both are
 * {@link dev.baton.testkit.cluster.LocalCluster}s whose {@link
 * dev.baton.testkit.cluster.ClusterNode}s can be killed (SIGKILL), stopped (SIGTERM), paused
 * (SIGSTOP), resumed and restarted with their data. A {@link dev.baton.testkit.cluster.ClientLink}
 * puts a {@link dev.baton.testkit.cluster.FaultProxy} in front of every node, so that one client's
 * link to the cluster can be cut, blackholed (stalled), made to drop bytes or slowed without root
 * and without touching other clients.
 *
 * <p>No server outlives the JVM that started it: every cluster kills its processes on {@code
 * close()} and in a shutdown hook, and each server also watches a pipe held by this JVM and exits
 * when it closes, which covers a JVM killed with SIGKILL.
 *
 * <p>{@link dev.baton.testkit.cluster.BatonClusterExtension} runs a cluster around JUnit 5 tests;
 * it is the only class here that needs JUnit on the class path. {@link
 * dev.baton.testkit.cluster.Wait} polls a condition with a deadline.
 */
package dev.baton.testkit.cluster;
