package dev.baton.spring;

import dev.baton.testkit.cluster.EtcdCluster;
import dev.baton.testkit.cluster.LocalCluster;
import dev.baton.testkit.cluster.ZooKeeperEnsemble;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The two stores the tests run on: a one-node ZooKeeper and a one-node etcd, started at first use
 * and shared by every test class of the module (stopped when the test JVM ends). Each test works
 * in a namespace of its own.
 */
final class Backends {
  /** One store: its scheme and cluster. */
  record Backend(String scheme, LocalCluster cluster) {
    /** The URI of {@code namespace} on this store. */
    String uri(String namespace) {
      return scheme + "://" + cluster.connectString() + "/" + namespace;
    }

    /** The URI of a port on which nothing listens. */
    String unreachableUri(String namespace) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return scheme + "://127.0.0.1:" + socket.getLocalPort() + "/" + namespace;
      } catch (IOException e) {
        throw new IllegalStateException("no free port", e);
      }
    }

    @Override
    public String toString() {
      return scheme;
    }
  }

  private static Backend zookeeper;
  private static Backend etcd;

  private Backends() {}

  /** Both stores, for {@code @MethodSource("dev.baton.spring.Backends#both")}. */
  static Stream<Backend> both() {
    return Stream.of(zookeeper(), etcd());
  }

  static synchronized Backend zookeeper() {
    if (zookeeper == null) {
      ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.builder().nodes(1).start();
      Runtime.getRuntime().addShutdownHook(new Thread(ensemble::close, "baton-test-zk-close"));
      zookeeper = new Backend("zookeeper", ensemble);
    }
    return zookeeper;
  }

  static synchronized Backend etcd() {
    if (etcd == null) {
      EtcdCluster cluster = EtcdCluster.builder().nodes(1).start();
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "baton-test-etcd-close"));
      etcd = new Backend("etcd", cluster);
    }
    return etcd;
  }

  /** A namespace no other test uses. */
  static String namespace(String what) {
    return what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
