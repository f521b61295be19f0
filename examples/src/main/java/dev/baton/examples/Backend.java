package dev.baton.examples;

import dev.baton.testkit.cluster.EtcdCluster;
import dev.baton.testkit.cluster.LocalCluster;
import dev.baton.testkit.cluster.ZooKeeperEnsemble;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A backend the examples can start a local cluster of. */
enum Backend {
  ZOOKEEPER("zookeeper"),
  ETCD("etcd");

  private final String scheme;

  Backend(String scheme) {
    this.scheme = scheme;
  }

  String scheme() {
    return scheme;
  }

  /**
   * Starts a local cluster of {@code nodes} on loopback ports: ZooKeeper servers in child JVMs, or
   * etcd from {@code etcdBinary}, else the {@code etcd} binary of {@code ETCD_BIN} or {@code PATH}.
   *
   * @throws IllegalStateException if it cannot (for etcd without a binary, saying how to get one)
   */
  LocalCluster start(int nodes, Path etcdBinary) {
    return switch (this) {
      case ZOOKEEPER -> ZooKeeperEnsemble.builder().nodes(nodes).start();
      case ETCD -> {
        EtcdCluster.Builder builder = EtcdCluster.builder().nodes(nodes);
        if (etcdBinary != null) {
          if (!Files.isExecutable(etcdBinary)) {
            throw new IllegalArgumentException("etcd binary " + etcdBinary
                + " does not exist or is not executable");
          }
          builder.binary(etcdBinary);
        }
        yield builder.start();
      }
    };
  }

  /** The URI of {@code namespace} on {@code cluster}. */
  String uri(LocalCluster cluster, String namespace) {
    return scheme + "://" + cluster.connectString() + "/" + namespace;
  }

  /** Parses "zookeeper", "zk" or "etcd", any case. */
  static final class Converter implements ITypeConverter<Backend> {
    @Override
    public Backend convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "zookeeper", "zk" -> ZOOKEEPER;
        case "etcd" -> ETCD;
        default -> throw new TypeConversionException(
            "unknown backend '" + value + "': expected zookeeper or etcd");
      };
    }
  }
}
