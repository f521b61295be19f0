package dev.baton.testkit.cluster;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a {@link LocalCluster} around JUnit 5 tests.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BatonClusterExtension cluster = BatonClusterExtension.zookeeper(3);
 *
 * @Test
 * void survivesLeaderLoss(LocalCluster zk) {
 *   zk.awaitLeader(Duration.ofSeconds(10)).kill();
 *   ...
 * }
 * }</pre>
 *
 * <ul>
 *   <li>In a {@code static} field, one cluster serves the whole class: started before all tests,
 *       closed after all, whether they passed or not.
 *   <li>In an instance field (per-method test lifecycle), each test gets a cluster of its own,
 *       started before it and closed after it.
 *   <li>Test, lifecycle and constructor parameters of type {@link LocalCluster} (or {@link
 *       ZooKeeperEnsemble} / {@link EtcdCluster} for the matching factory) receive the cluster,
 *       starting it if need be. With two extensions in one class, use their {@link #cluster()}
 *       instead: both would offer a {@code LocalCluster}.
 * </ul>
 *
 * <p>The cluster is not restored between tests: a test that faults nodes should call {@link
 * LocalCluster#restoreAll()} in an {@code @AfterEach}. This is the only class of the package that
 * needs JUnit on the class path.
 */
public final class BatonClusterExtension implements BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final Supplier<? extends LocalCluster> starter;
  private final Class<? extends LocalCluster> type;
  private LocalCluster cluster;
  /** Open class scopes ({@code @Nested} classes nest them); 0 when registered per test. */
  private int classScopes;

  private BatonClusterExtension(Supplier<? extends LocalCluster> starter,
      Class<? extends LocalCluster> type) {
    this.starter = starter;
    this.type = type;
  }

  /**
   * A {@link ZooKeeperEnsemble} of {@code nodes} servers with default settings.
   *
   * @throws IllegalArgumentException if {@code nodes} is not between 1 and 9
   */
  public static BatonClusterExtension zookeeper(int nodes) {
    ZooKeeperEnsemble.Builder builder = ZooKeeperEnsemble.builder().nodes(nodes);
    return new BatonClusterExtension(builder::start, ZooKeeperEnsemble.class);
  }

  /**
   * An {@link EtcdCluster} of {@code nodes} members with default settings.
   *
   * @throws IllegalArgumentException if {@code nodes} is not between 1 and 9
   */
  public static BatonClusterExtension etcd(int nodes) {
    EtcdCluster.Builder builder = EtcdCluster.builder().nodes(nodes);
    return new BatonClusterExtension(builder::start, EtcdCluster.class);
  }

  /**
   * A cluster made by {@code starter}, for other settings: {@code
   * of(() -> ZooKeeperEnsemble.builder().tickTime(Duration.ofMillis(200)).start())}. Each call of
   * {@code starter} must start a new cluster.
   */
  public static BatonClusterExtension of(Supplier<? extends LocalCluster> starter) {
    return new BatonClusterExtension(Objects.requireNonNull(starter, "starter"),
        LocalCluster.class);
  }

  /**
   * The running cluster.
   *
   * @throws IllegalStateException outside the tests this extension is registered for
   */
  public synchronized LocalCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("no cluster is running: register this extension with"
          + " @RegisterExtension and use it from the tests, not from field initializers");
    }
    return cluster;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    synchronized (this) {
      classScopes++;
    }
    ensureStarted();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    boolean last;
    synchronized (this) {
      last = --classScopes <= 0;
      classScopes = Math.max(0, classScopes);
    }
    if (last) {
      closeCluster();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ensureStarted();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    boolean perTest;
    synchronized (this) {
      perTest = classScopes == 0;
    }
    if (perTest) {
      closeCluster();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> wanted = parameter.getParameter().getType();
    return wanted == LocalCluster.class || wanted == type;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return ensureStarted();
  }

  private synchronized LocalCluster ensureStarted() {
    if (cluster == null) {
      LocalCluster started = starter.get();
      if (!type.isInstance(started)) {
        if (started != null) {
          started.close();
        }
        throw new IllegalStateException("the starter returned " + started + ", not a "
            + type.getSimpleName());
      }
      cluster = started;
    }
    return cluster;
  }

  private void closeCluster() {
    LocalCluster running;
    synchronized (this) {
      running = cluster;
      cluster = null;
    }
    if (running != null) {
      running.close();
    }
  }
}
