package dev.baton.zookeeper;

import dev.baton.CoordinatorOptions;
import dev.baton.TlsOptions;
import dev.baton.internal.PemKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * TLS for the ZooKeeper client: the Netty client socket with PEM trust and key stores. ZooKeeper
 * reads a PEM key store from one file holding the private key and the certificate chain (and again
 * at every reconnect), so the two files of {@link TlsOptions} are joined into one temporary file
 * per coordinator, readable by its owner only, which the session deletes when it closes.
 */
final class ZkTls {
  private ZkTls() {}

  /**
   * Refuses TLS options ZooKeeper cannot honour: an authority (ZooKeeper's client checks the
   * endpoint's own host name against the server's certificate and has no way to expect another).
   *
   * @throws IllegalArgumentException naming the option
   */
  static void requireSupported(CoordinatorOptions options) {
    options.tls().flatMap(TlsOptions::authority).ifPresent(authority -> {
      throw new IllegalArgumentException("TLS authority '" + authority + "' is not supported on"
          + " ZooKeeper: its client checks the endpoint's host name against the server's"
          + " certificate; connect with that host name instead");
    });
  }

  /**
   * Sets up TLS on {@code builder} if the options ask for it; returns the joined key file to delete
   * when the session closes, if one was written.
   */
  static Optional<Path> configure(CuratorFrameworkFactory.Builder builder,
      CoordinatorOptions options) {
    if (options.tls().isEmpty()) {
      return Optional.empty();
    }
    TlsOptions tls = options.tls().get();
    ZKClientConfig config = new ZKClientConfig();
    config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
    config.setProperty(
        ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
    config.setProperty("zookeeper.ssl.trustStore.location", tls.trustedCa().toString());
    config.setProperty("zookeeper.ssl.trustStore.type", "PEM");
    Optional<Path> joined = Optional.empty();
    if (tls.clientCertificate().isPresent()) {
      joined = Optional.of(joinKeyAndChain(tls.clientKey().get(), tls.clientCertificate().get()));
      config.setProperty("zookeeper.ssl.keyStore.location", joined.get().toString());
      config.setProperty("zookeeper.ssl.keyStore.type", "PEM");
    }
    builder.zkClientConfig(config);
    return joined;
  }

  /** Deletes the joined key file of a closed session, if any. */
  static void delete(Optional<Path> joined) {
    joined.ifPresent(file -> {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the ZooKeeper client key store " + file, e);
      }
    });
  }

  private static Path joinKeyAndChain(Path key, Path chain) {
    try {
      // ZooKeeper reads a PKCS#8 key only: a PKCS#1 RSA key is rewritten as PKCS#8.
      String content = PemKeys.pkcs8Pem(key) + Files.readString(chain);
      // Created readable and writable by its owner only (rw-------), before the key is written.
      Path joined = Files.createTempFile("baton-zk-client-", ".pem");
      Files.writeString(joined, content);
      return joined;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the ZooKeeper client key store", e);
    }
  }
}
