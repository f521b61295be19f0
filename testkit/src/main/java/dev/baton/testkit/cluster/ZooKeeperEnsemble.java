package dev.baton.testkit.cluster;

import dev.baton.testkit.tls.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A ZooKeeper ensemble of 1 to 9 servers, each in a child JVM started from the zookeeper jar on
 * this JVM's class path: nothing to install.
 *
 * <pre>{@code
 * try (ZooKeeperEnsemble zk = ZooKeeperEnsemble.builder().nodes(3).start()) {
 *   ZooKeeper client = new ZooKeeper(zk.connectString(), 2000, event -> {});
 *   ...
 * }
 * }</pre>
 *
 * <p>Each server listens on free loopback ports (client, quorum, election), with {@code
 * tickTime} from the builder (default 500 ms), {@code initLimit=10}, {@code syncLimit=5}, session
 * timeouts from {@link #minSessionTimeout()} (2 ticks: 1 s by default) to {@link
 * #maxSessionTimeout()} (60 s), every four-letter word allowed and no admin server. A single node
 * runs standalone. Node {@code i} lives in {@code <dataDir>/n<i>}: {@code zoo.cfg}, {@code
 * node.log} and the store {@code data/} (with {@code myid}).
 *
 * <p>The servers allow TTL nodes ({@code -Dzookeeper.extendedTypesEnabled=true}, unless {@link
 * Builder#ttlNodes ttlNodes(false)}) and run the leader's container check every 500 ms ({@code
 * -Dznode.container.checkIntervalMs=500}, ZooKeeper's default being 60 s): a TTL node goes about
 * half a second after its TTL, and an empty container node (one that had children) as soon.
 *
 * <p>The child JVMs run {@code java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} (small and
 * quick to start: three of them share two cores with the tests) through {@link ChildMain}, so they
 * halt when this JVM dies. Where logback is on the class path, each logs at INFO to its {@code
 * node.log}; otherwise the servers' SLF4J logging is lost and the log holds only their console
 * output.
 */
public final class ZooKeeperEnsemble extends AbstractCluster {
  private static final String SERVER_MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain";
  private static final Duration MAX_SESSION = Duration.ofSeconds(60);
  /** How often the leader deletes expired TTL nodes and empty containers. */
  private static final Duration CONTAINER_CHECK = Duration.ofMillis(500);

  private final Duration tickTime;
  private final List<Integer> securePorts;
  private final TestCertificates certificates;

  private ZooKeeperEnsemble(Builder builder, Path dataDir, List<ProcessNode> nodes,
      List<Integer> securePorts) {
    super(Kind.ZOOKEEPER, dataDir, new ZooKeeperProbe(), builder.startTimeout, builder.keepData,
        nodes, null);
    this.tickTime = builder.tickTime;
    this.securePorts = List.copyOf(securePorts);
    this.certificates = builder.certificates;
  }

  /**
   * The servers' TLS client ports, {@code 127.0.0.1:<port>,...} in node order, for a ZooKeeper
   * client with {@code zookeeper.client.secure=true} (Baton: TLS options).
   *
   * @throws IllegalStateException if the ensemble runs without {@link Builder#tls TLS}
   */
  public String secureConnectString() {
    if (securePorts.isEmpty()) {
      throw new IllegalStateException("this ensemble has no TLS client port: build it with tls()");
    }
    StringBuilder out = new StringBuilder();
    for (int port : securePorts) {
      out.append(out.length() == 0 ? "" : ",").append("127.0.0.1:").append(port);
    }
    return out.toString();
  }

  /** The certificates the servers' TLS client ports use, if the ensemble has them. */
  public Optional<TestCertificates> certificates() {
    return Optional.ofNullable(certificates);
  }

  /** A builder for 3 nodes, tick time 500 ms, a fresh data dir under {@code target/}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The servers' tick time. */
  public Duration tickTime() {
    return tickTime;
  }

  /** The shortest session timeout the servers grant: two ticks. */
  public Duration minSessionTimeout() {
    return tickTime.multipliedBy(2);
  }

  /** The longest session timeout the servers grant: 60 s. */
  public Duration maxSessionTimeout() {
    return MAX_SESSION;
  }

  /** Options of a {@link ZooKeeperEnsemble}; each setter checks its value at once. */
  public static final class Builder {
    private int nodes = 3;
    private Duration tickTime = Duration.ofMillis(500);
    private Path dataDir;
    private Duration startTimeout = Duration.ofSeconds(60);
    private boolean keepData;
    private boolean requireAuthentication;
    private boolean ttlNodes = true;
    private TestCertificates certificates;
    private TestCertificates.Issued serverCertificate;
    private boolean clientCertAuth;

    private Builder() {}

    /** Number of servers, 1 to 9. Default 3. One server runs standalone. */
    public Builder nodes(int count) {
      this.nodes = Settings.nodeCount(count);
      return this;
    }

    /** ZooKeeper's tick time, 1 ms to 30 s. Default 500 ms (sessions of 1 s to 60 s). */
    public Builder tickTime(Duration tick) {
      Objects.requireNonNull(tick, "tickTime");
      if (tick.toMillis() < 1 || tick.compareTo(Duration.ofSeconds(30)) > 0) {
        throw new IllegalArgumentException("tickTime must be between 1 ms and 30 s, was " + tick);
      }
      this.tickTime = Duration.ofMillis(tick.toMillis());
      return this;
    }

    /**
     * The folder for the ensemble's files, created if absent; must be empty. Default {@code
     * target/baton-clusters/zookeeper-<timestamp>-<random>} under the working directory.
     */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dataDir");
      return this;
    }

    /** How long start-up, a restart or a restore may take. Default 60 s. */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Settings.positive("startTimeout", timeout);
      return this;
    }

    /** Keep the servers' stores after close. Default false: only configs and logs are kept. */
    public Builder keepData(boolean keep) {
      this.keepData = keep;
      return this;
    }

    /**
     * Open a TLS client port on every server besides the plain one (which the ensemble's own
     * probes use, so it stays open): Netty's server connection factory, the server presenting
     * {@code serverCertificate} (for example {@code certificates.server()}, valid for {@code
     * 127.0.0.1} and {@code localhost}, or {@link TestCertificates#serverFor} for a certificate
     * that names another host), trusting {@link TestCertificates#ca()}. Clients connect to {@link
     * #secureConnectString()}. Default: no TLS port.
     *
     * @param clientCertAuth whether every TLS client must present a certificate the CA signed
     *     ({@code ssl.clientAuth=need}; otherwise {@code none})
     */
    public Builder tls(TestCertificates certificates, TestCertificates.Issued serverCertificate,
        boolean clientCertAuth) {
      this.certificates = Objects.requireNonNull(certificates, "certificates");
      this.serverCertificate = Objects.requireNonNull(serverCertificate, "serverCertificate");
      this.clientCertAuth = clientCertAuth;
      return this;
    }

    /**
     * Serve only sessions that authenticated with a digest identity ({@code
     * zookeeper.enforce.auth.enabled} with scheme {@code digest}): a client without credentials
     * has its first request refused and its session closed. ZooKeeper keeps no list of users, so
     * any user and password is an identity; ACLs decide what it may touch. Default: off.
     */
    public Builder requireAuthentication() {
      this.requireAuthentication = true;
      return this;
    }

    /**
     * Whether the servers allow TTL nodes ({@code CreateMode.PERSISTENT_WITH_TTL} and {@code
     * PERSISTENT_SEQUENTIAL_WITH_TTL}, ZooKeeper's {@code zookeeper.extendedTypesEnabled}).
     * Default true; false for servers that answer a TTL create with {@code UNIMPLEMENTED}, as
     * ZooKeeper does by default.
     */
    public Builder ttlNodes(boolean allow) {
      this.ttlNodes = allow;
      return this;
    }

    /**
     * Starts the servers and returns when every one serves clients and one leads.
     *
     * @throws IllegalStateException if they do not within the start timeout, or one exits; the
     *     message names the node and quotes the end of its log. Nothing is left running then.
     */
    public ZooKeeperEnsemble start() {
      Path dir = ClusterFiles.createEmpty(
          dataDir != null ? dataDir : ClusterFiles.defaultDataDir("zookeeper"));
      List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1", "-Dzookeeper.preAllocSize=4096",
          "-Dzookeeper.jmx.log4j.disable=true",
          "-Dznode.container.checkIntervalMs=" + CONTAINER_CHECK.toMillis()));
      if (ttlNodes) {
        jvmOptions.add("-Dzookeeper.extendedTypesEnabled=true");
      }
      if (requireAuthentication) {
        jvmOptions.addAll(List.of("-Dzookeeper.enforce.auth.enabled=true",
            "-Dzookeeper.enforce.auth.schemes=digest"));
      }
      if (ChildJvm.isPresent(ChildJvm.LOGBACK_CLASS)) {
        Path logback = dir.resolve("logback-node.xml");
        ClusterFiles.write(logback, ZooKeeperConfig.LOGBACK);
        jvmOptions.add("-Dlogback.configurationFile=" + logback);
      }
      List<Integer> ports = FreePorts.pick(nodes * 3);
      List<Integer> securePorts = certificates == null ? List.of() : FreePorts.pick(nodes);
      List<ProcessNode> list = new ArrayList<>();
      for (int id = 1; id <= nodes; id++) {
        Path nodeDir = dir.resolve("n" + id);
        Path config = ZooKeeperConfig.write(nodeDir, id, tickTime, ports, nodes);
        if (certificates != null) {
          ZooKeeperConfig.appendTls(config, nodeDir, securePorts.get(id - 1), certificates,
              serverCertificate, clientCertAuth);
        }
        list.add(new ProcessNode("zookeeper", id, ports.get((id - 1) * 3), nodeDir,
            ChildJvm.command(jvmOptions, SERVER_MAIN, config.toString()), false));
      }
      ZooKeeperEnsemble ensemble = new ZooKeeperEnsemble(this, dir, list, securePorts);
      ensemble.startAll();
      return ensemble;
    }
  }
}
