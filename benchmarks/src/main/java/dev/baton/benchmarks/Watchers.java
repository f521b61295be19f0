package dev.baton.benchmarks;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Opens watches the same way for both arms: n watches on one client in one JVM. */
final class Watchers implements AutoCloseable {
  private final List<AutoCloseable> open = new ArrayList<>();
  private final AutoCloseable client;
  private final Arm arm;
  private final Coordinator coordinator;
  private final RawClient raw;

  Watchers(Arm arm, String backend, String endpoint, String namespace) throws Exception {
    this.arm = arm;
    if (arm == Arm.BATON) {
      coordinator = Coordinator.connect(Bench.uri(backend, endpoint, namespace),
          CoordinatorOptions.defaults());
      raw = null;
      client = coordinator;
    } else {
      raw = RawClient.open(backend, endpoint, namespace, Duration.ofSeconds(10));
      coordinator = null;
      client = raw;
    }
  }

  /** Watches {@code key}; {@code onValue} gets the current value, then each new one. */
  void watch(String key, Consumer<String> onValue) throws Exception {
    if (arm == Arm.BATON) {
      open.add(coordinator.config().watch(key,
          s -> s.entry().ifPresent(e -> onValue.accept(e.valueAsString()))));
    } else {
      open.add(raw.watch(key, onValue));
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    client.close();
  }
}
