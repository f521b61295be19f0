package dev.baton.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Coordinator;
import dev.baton.Credentials;
import org.junit.jupiter.api.Test;

/** What a coordinator tells of the URI it connected with: never its credentials. */
class CoordinatorUriTest {
  private static final String SECRET = "s3cr3t-Pa55";

  @Test
  void theCoordinatorsUriCarriesNoCredentials() {
    try (Coordinator c = Coordinator.connect("memory://alice:" + SECRET + "@uri-test/ns")) {
      assertThat(c.uri().credentials()).isEmpty();
      assertThat(c.uri()).hasToString("memory://uri-test/ns");
      assertThat(c.toString()).doesNotContain(SECRET);
      assertThat(c.options().credentials()).map(Credentials::user).contains("alice");
      assertThat(c.options().toString()).doesNotContain(SECRET);
    }
  }
}
