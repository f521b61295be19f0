package dev.baton.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An etcd cluster with authentication on, users and prefix roles made by the testkit. */
class EtcdAuthClusterIT {
  private static final Duration REQUEST = Duration.ofSeconds(5);
  private static EtcdCluster etcd;
  private static String address;

  @BeforeAll
  static void start() {
    etcd = EtcdCluster.builder().nodes(1).start();
    address = etcd.nodes().get(0).clientAddress();
    etcd.addUser("alice", "alice-pw");
    etcd.grant("alice", "/a/", EtcdCluster.Access.READWRITE);
    etcd.enableAuth("root-pw");
    etcd.addUser("reader", "reader-pw"); // after enableAuth: the testkit authenticates as root
    etcd.grant("reader", "/a/", EtcdCluster.Access.READ);
  }

  @AfterAll
  static void stop() {
    if (etcd != null) {
      etcd.close();
    }
  }

  @Test
  void aClientWithoutAUserIsRefused() {
    assertThatThrownBy(() -> EtcdHttp.put(address, "/a/x", "v", REQUEST))
        .isInstanceOf(IOException.class).hasMessageContaining("user name is empty");
  }

  @Test
  void aWrongPasswordGetsNoToken() {
    assertThatThrownBy(() -> EtcdHttp.token(address, "alice", "wrong", REQUEST))
        .isInstanceOf(IOException.class).hasMessageContaining("authentication failed");
  }

  @Test
  void aUserWritesUnderItsPrefixAndNowhereElse() throws Exception {
    String alice = EtcdHttp.token(address, "alice", "alice-pw", REQUEST);
    EtcdHttp.put(address, "/a/x", "1", alice, REQUEST);
    assertThat(EtcdHttp.get(address, "/a/x", alice, REQUEST)).contains("1");
    assertThatThrownBy(() -> EtcdHttp.put(address, "/b/x", "1", alice, REQUEST))
        .isInstanceOf(IOException.class).hasMessageContaining("permission denied");
  }

  @Test
  void aReaderReadsItsPrefixButCannotWriteIt() throws Exception {
    String alice = EtcdHttp.token(address, "alice", "alice-pw", REQUEST);
    EtcdHttp.put(address, "/a/read-me", "2", alice, REQUEST);
    String reader = EtcdHttp.token(address, "reader", "reader-pw", REQUEST);
    assertThat(EtcdHttp.get(address, "/a/read-me", reader, REQUEST)).contains("2");
    assertThatThrownBy(() -> EtcdHttp.put(address, "/a/read-me", "3", reader, REQUEST))
        .isInstanceOf(IOException.class).hasMessageContaining("permission denied");
  }
}
