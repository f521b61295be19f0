package dev.baton.testkit.cluster;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM that starts one-node clusters, prints their pids and waits to be killed: run by {@link
 * NoOrphansIT}, which kills it with SIGKILL so that no shutdown hook runs.
 */
public final class OrphanParent {
  private OrphanParent() {}

  /** {@code args[0]}: the folder for the clusters' data. */
  public static void main(String[] args) throws InterruptedException {
    Path dir = Path.of(args[0]);
    ZooKeeperEnsemble zk = ZooKeeperEnsemble.builder().nodes(1).dataDir(dir.resolve("zk"))
        .start();
    EtcdCluster etcd = EtcdCluster.builder().nodes(1).dataDir(dir.resolve("etcd")).start();
    ProcessNode member = (ProcessNode) etcd.node(1);
    System.out.println("PIDS " + zk.node(1).pid() + " " + member.pid() + " " + member.guardPid());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
