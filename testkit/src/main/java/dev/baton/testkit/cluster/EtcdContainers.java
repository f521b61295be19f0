package dev.baton.testkit.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/*
 * The Docker fallback of EtcdCluster: the same cluster, one container per member on a network of
 * its own, peers talking by network alias, each client port published on a fixed 127.0.0.1 port
 * (fixed, so that it survives a restart of the container).
 *
 * Loaded only when there is no etcd binary and Testcontainers is on the class path: nothing else
 * refers to this class or to Testcontainers types.
 */
final class EtcdContainers {
  private static final int CLIENT_PORT = 2379;
  private static final int PEER_PORT = 2380;

  private EtcdContainers() {}

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  static EtcdCluster start(int nodes, Path dir, String image, Duration startTimeout,
      boolean keepData) {
    Network network = Network.newNetwork();
    List<Integer> hostPorts = FreePorts.pick(nodes);
    StringBuilder initial = new StringBuilder();
    for (int id = 1; id <= nodes; id++) {
      initial.append(id > 1 ? "," : "").append("n").append(id).append("=http://n").append(id)
          .append(':').append(PEER_PORT);
    }
    String token = "baton-" + java.util.UUID.randomUUID();
    List<ContainerNode> list = new ArrayList<>();
    for (int id = 1; id <= nodes; id++) {
      String name = "n" + id;
      int hostPort = hostPorts.get(id - 1);
      GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
          .withNetwork(network)
          .withNetworkAliases(name)
          .withCreateContainerCmdModifier(cmd -> {
            cmd.withEntrypoint("etcd");
            cmd.withExposedPorts(com.github.dockerjava.api.model.ExposedPort.tcp(CLIENT_PORT));
            cmd.getHostConfig().withPortBindings(com.github.dockerjava.api.model.PortBinding
                .parse("127.0.0.1:" + hostPort + ":" + CLIENT_PORT));
          })
          .withCommand("--name", name, "--data-dir", "/tmp/etcd-data",
              "--listen-client-urls", "http://0.0.0.0:" + CLIENT_PORT,
              "--advertise-client-urls", "http://127.0.0.1:" + hostPort,
              "--listen-peer-urls", "http://0.0.0.0:" + PEER_PORT,
              "--initial-advertise-peer-urls", "http://" + name + ":" + PEER_PORT,
              "--initial-cluster", initial.toString(), "--initial-cluster-token", token,
              "--initial-cluster-state", "new");
      Path nodeDir = ClusterFiles.createEmpty(dir.resolve(name));
      list.add(new ContainerNode(id, hostPort, nodeDir, container));
    }
    EtcdCluster cluster = new EtcdCluster(dir, startTimeout, keepData, list, network::close);
    cluster.startAll();
    return cluster;
  }
}
