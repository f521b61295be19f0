package dev.baton.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CoordinatorOptions;
import dev.baton.TlsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator options the baton.* properties give: credentials and TLS. */
class BatonOptionsTest {
  @TempDir
  Path dir;

  private Path file(String name) throws IOException {
    return Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE-----\n");
  }

  @Test
  void credentialsAndTlsComeFromTheProperties() throws IOException {
    BatonCoordinatorProperties p = new BatonCoordinatorProperties();
    p.setUsername("orders");
    p.setPassword("s3cret");
    p.getTls().setCa(file("ca.pem"));
    p.getTls().setCert(file("client.pem"));
    p.getTls().setKey(file("client.key"));
    p.getTls().setAuthority("etcd.internal");
    CoordinatorOptions options = BatonAutoConfiguration.options(p).build();
    assertThat(options.credentials()).get().satisfies(c -> {
      assertThat(c.user()).isEqualTo("orders");
      assertThat(c.password()).isEqualTo("s3cret");
    });
    assertThat(options.tls()).contains(new TlsOptions(dir.resolve("ca.pem"),
        Optional.of(dir.resolve("client.pem")), Optional.of(dir.resolve("client.key")),
        Optional.of("etcd.internal")));
    assertThat(p.toString()).contains("password=***").doesNotContain("s3cret");
    assertThat(options.toString()).doesNotContain("s3cret");
  }

  @Test
  void aClientCertificateWithoutACaIsRefusedNamingTheProperties() {
    BatonCoordinatorProperties p = new BatonCoordinatorProperties();
    p.getTls().setCert(dir.resolve("client.pem"));
    assertThatThrownBy(() -> BatonAutoConfiguration.options(p))
        .isInstanceOf(BatonConfigurationException.class)
        .hasMessageContaining("need baton.tls.ca");
  }

  @Test
  void aMissingCaFileIsRefusedNamingTheFile() {
    BatonCoordinatorProperties p = new BatonCoordinatorProperties();
    p.getTls().setCa(dir.resolve("absent-ca.pem"));
    assertThatThrownBy(() -> BatonAutoConfiguration.options(p))
        .isInstanceOf(BatonConfigurationException.class)
        .hasMessageContaining("baton.tls")
        .hasMessageContaining("absent-ca.pem");
  }

  @Test
  void aPasswordWithoutAUserIsRefused() {
    BatonCoordinatorProperties p = new BatonCoordinatorProperties();
    p.setPassword("s3cret");
    assertThatThrownBy(() -> BatonAutoConfiguration.options(p))
        .isInstanceOf(BatonConfigurationException.class)
        .hasMessageContaining("baton.username")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void theDefaultParticipantIdIsHostAndPid() {
    assertThat(BatonAutoConfiguration.defaultParticipantId())
        .endsWith("-" + ProcessHandle.current().pid());
  }
}
