package dev.baton.testkit.cluster;

import dev.baton.testkit.tls.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The files of one ZooKeeper server: {@code zoo.cfg} and {@code data/myid}. */
final class ZooKeeperConfig {
  /** Logback configuration of the child JVMs: INFO to the console, which is node.log. */
  static final String LOGBACK = String.join("\n",
      "<configuration>",
      "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
      "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern>"
          + "</encoder>",
      "  </appender>",
      "  <root level=\"INFO\"><appender-ref ref=\"OUT\"/></root>",
      "</configuration>",
      "");

  private ZooKeeperConfig() {}

  /**
   * Writes node {@code id}'s files under {@code nodeDir}; {@code ports} holds, for node i (from
   * 1), client, quorum and election port at 3(i-1), 3(i-1)+1, 3(i-1)+2. Returns zoo.cfg's path.
   */
  static Path write(Path nodeDir, int id, Duration tickTime, List<Integer> ports, int nodes) {
    Path store = nodeDir.resolve("data");
    try {
      Files.createDirectories(store);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + store, e);
    }
    ClusterFiles.write(store.resolve("myid"), id + "\n");
    StringBuilder cfg = new StringBuilder()
        .append("tickTime=").append(tickTime.toMillis()).append('\n')
        .append("initLimit=10\n")
        .append("syncLimit=5\n")
        .append("dataDir=").append(slashes(store)).append('\n')
        .append("clientPort=").append(ports.get((id - 1) * 3)).append('\n')
        .append("clientPortAddress=127.0.0.1\n")
        .append("admin.enableServer=false\n")
        .append("4lw.commands.whitelist=*\n")
        .append("minSessionTimeout=").append(tickTime.toMillis() * 2).append('\n')
        .append("maxSessionTimeout=60000\n");
    if (nodes > 1) {
      for (int i = 1; i <= nodes; i++) {
        cfg.append("server.").append(i).append("=127.0.0.1:")
            .append(ports.get((i - 1) * 3 + 1)).append(':')
            .append(ports.get((i - 1) * 3 + 2)).append('\n');
      }
    }
    Path config = nodeDir.resolve("zoo.cfg");
    ClusterFiles.write(config, cfg.toString());
    return config;
  }

  /**
   * Adds a TLS client port to {@code config}: Netty's connection factory, the server's key and
   * certificate joined into one PEM file (what ZooKeeper's PEM key store reads) in {@code
   * nodeDir}, the CA as trust store, client certificates required or not.
   */
  static void appendTls(Path config, Path nodeDir, int securePort, TestCertificates certificates,
      TestCertificates.Issued server, boolean clientCertAuth) {
    Path keyStore = nodeDir.resolve("server-keystore.pem");
    try {
      ClusterFiles.write(keyStore, Files.readString(server.pkcs8Key()) + "\n"
          + Files.readString(server.certificate()));
      String cfg = Files.readString(config)
          + "secureClientPort=" + securePort + "\n"
          + "secureClientPortAddress=127.0.0.1\n"
          + "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory\n"
          + "ssl.keyStore.location=" + slashes(keyStore) + "\n"
          + "ssl.keyStore.type=PEM\n"
          + "ssl.trustStore.location=" + slashes(certificates.ca()) + "\n"
          + "ssl.trustStore.type=PEM\n"
          + "ssl.clientAuth=" + (clientCertAuth ? "need" : "none") + "\n";
      ClusterFiles.write(config, cfg);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the TLS settings of " + config, e);
    }
  }

  private static String slashes(Path path) {
    return path.toAbsolutePath().toString().replace('\\', '/');
  }
}
