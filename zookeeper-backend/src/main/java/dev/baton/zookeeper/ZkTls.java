package dev.baton.zookeeper;

import dev.baton.CoordinatorOptions;
import dev.baton.TlsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * TLS for the ZooKeeper client: the Netty client socket with PEM trust and key stores. ZooKeeper
 * reads a PEM key store from one file holding the private key and the certificate chain, so the two
 * files of {@link TlsOptions} are joined into a private temporary file.
 */
final class ZkTls {
  private ZkTls() {}

  static void configure(CuratorFrameworkFactory.Builder builder, CoordinatorOptions options) {
    if (options.tls().isEmpty()) {
      return;
    }
    TlsOptions tls = options.tls().get();
    ZKClientConfig config = new ZKClientConfig();
    config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
    config.setProperty(
        ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
    config.setProperty("zookeeper.ssl.trustStore.location", tls.trustedCa().toString());
    config.setProperty("zookeeper.ssl.trustStore.type", "PEM");
    if (tls.clientCertificate().isPresent()) {
      Path joined = joinKeyAndChain(tls.clientKey().get(), tls.clientCertificate().get());
      config.setProperty("zookeeper.ssl.keyStore.location", joined.toString());
      config.setProperty("zookeeper.ssl.keyStore.type", "PEM");
    }
    // ZooKeeper verifies the endpoint's host name; it has no way to expect another name, so an
    // authority override is not applied (the certificate must name the endpoint).
    builder.zkClientConfig(config);
  }

  private static Path joinKeyAndChain(Path key, Path chain) {
    try {
      Path joined = Files.createTempFile("baton-zk-client-", ".pem");
      joined.toFile().deleteOnExit();
      Files.writeString(joined, Files.readString(key) + "\n" + Files.readString(chain));
      return joined;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the ZooKeeper client key store", e);
    }
  }
}
