package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Coordinator#connect}: backends found by scheme with ServiceLoader (CONTRACT §1, §2). */
class ConnectTest {

  @BeforeEach
  void forget() {
    TestCoordinatorProvider.lastUri.set(null);
    TestCoordinatorProvider.lastOptions.set(null);
  }

  @Test
  void findsTheProviderOfTheScheme() {
    try (Coordinator coord = Coordinator.connect("test://h1:1,h2/orders")) {
      assertThat(coord).isInstanceOf(TestCoordinatorProvider.StubCoordinator.class);
      assertThat(coord.uri()).isEqualTo(TestCoordinatorProvider.lastUri.get());
      assertThat(coord.uri().endpoints()).hasSize(2);
      assertThat(coord.namespace()).isEqualTo("orders");
      assertThat(coord.options().sessionTtl()).isEqualTo(CoordinatorOptions.DEFAULT_SESSION_TTL);
    }
  }

  @Test
  void findsAProviderByAnyOfItsSchemesIgnoringCase() {
    try (Coordinator coord = Coordinator.connect("TEST-Alias://h/ns")) {
      assertThat(coord.uri().scheme()).isEqualTo("test-alias");
    }
  }

  @Test
  void uriOptionsOverrideCodeOptions() {
    CoordinatorOptions code =
        CoordinatorOptions.builder()
            .sessionTtl(Duration.ofSeconds(30))
            .operationTimeout(Duration.ofSeconds(9))
            .build();
    try (Coordinator coord =
        Coordinator.connect("test://h/ns?sessionTtl=2s&suspendPolicy=revoke_on_loss", code)) {
      CoordinatorOptions effective = TestCoordinatorProvider.lastOptions.get();
      assertThat(effective.sessionTtl()).as("URI option wins").isEqualTo(Duration.ofSeconds(2));
      assertThat(effective.suspendPolicy()).isEqualTo(SuspendPolicy.REVOKE_ON_LOSS);
      assertThat(effective.operationTimeout())
          .as("code option kept where the URI is silent")
          .isEqualTo(Duration.ofSeconds(9));
      assertThat(coord.options()).isSameAs(effective);
    }
  }

  @Test
  void uriCredentialsReachTheProviderButNotTheEchoedUri() {
    try (Coordinator coord = Coordinator.connect("test://alice:Sup3rS3cret@h/ns")) {
      assertThat(TestCoordinatorProvider.lastOptions.get().credentials())
          .contains(Credentials.of("alice", "Sup3rS3cret"));
      assertThat(coord.uri().toString()).doesNotContain("Sup3rS3cret").contains("alice:***@");
    }
  }

  @Test
  void theProvidersConnectionFailurePassesThrough() {
    assertThatThrownBy(() -> Coordinator.connect("test://db1:7,db2:8/refuse"))
        .isInstanceOf(ConnectionException.class)
        .hasMessage("test backend cannot reach db1:7,db2:8");
  }

  @Test
  void anUnknownSchemeIsRefusedListingTheSchemesFound() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Coordinator.connect("nosuch://h/ns"))
        .withMessage(
            "no Baton backend for scheme 'nosuch'; schemes found on the class path: test, test-alias");
    assertThat(TestCoordinatorProvider.lastUri.get()).isNull();
  }

  @Test
  void aMalformedUriIsRefusedBeforeAnyProviderIsAsked() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Coordinator.connect("test://h:99999/ns"))
        .withMessageStartingWith("invalid Baton URI 'test://h:99999/ns'");
    assertThatIllegalArgumentException().isThrownBy(() -> Coordinator.connect("not a uri"));
    assertThatIllegalArgumentException()
        .as("an invalid option value is refused before connecting")
        .isThrownBy(() -> Coordinator.connect("test://h/ns?sessionTtl=0s"));
    assertThat(TestCoordinatorProvider.lastUri.get()).isNull();
  }

  @Test
  void refusesNullOptions() {
    assertThatNullPointerException()
        .isThrownBy(() -> Coordinator.connect("test://h/ns", null))
        .withMessage("options");
  }

  @Test
  void alsoFindsProvidersThroughTheContextClassLoader(@TempDir Path dir) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve("dev.baton.spi.CoordinatorProvider"), ContextOnlyProvider.class.getName());
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader context =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      assertThatIllegalArgumentException()
          .as("not visible without the context loader")
          .isThrownBy(() -> Coordinator.connect("ctx://h/ns"));
      Thread.currentThread().setContextClassLoader(context);
      try (Coordinator coord = Coordinator.connect("ctx://h/ns")) {
        assertThat(coord.uri().scheme()).isEqualTo("ctx");
      }
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
  }

  /**
   * With only the api on the class path (no backend at all), the message says none was found and
   * what to add. The api classes are loaded afresh from their own location, away from the test
   * provider.
   */
  @Test
  void withNoBackendOnTheClassPathTheMessageSaysNone() throws Exception {
    URL apiClasses = Coordinator.class.getProtectionDomain().getCodeSource().getLocation();
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader apiOnly =
        new URLClassLoader(new URL[] {apiClasses}, ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(apiOnly);
      Class<?> coordinator = apiOnly.loadClass(Coordinator.class.getName());
      assertThat(coordinator).isNotSameAs(Coordinator.class);
      assertThatThrownBy(() -> invokeConnect(coordinator, "zookeeper://h:2181/ns"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "no Baton backend for scheme 'zookeeper'; schemes found on the class path: none (add"
                  + " baton-zookeeper or baton-etcd)");
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
  }

  private static void invokeConnect(Class<?> coordinator, String uri) throws Throwable {
    try {
      coordinator.getMethod("connect", String.class).invoke(null, uri);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
