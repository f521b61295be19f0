package dev.baton.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.spi.WatchSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link WatchSinks}: the watches a hub hands an event to, found by key. */
class WatchSinksTest {
  private final SerialExecutor direct = new SerialExecutor(Runnable::run);
  private final WatchSinks sinks = new WatchSinks();

  private StateDelivery key(String key) {
    StateDelivery d = StateDelivery.forKey(key, direct, s -> { }, new Observers());
    sinks.add(d);
    return d;
  }

  private StateDelivery prefix(String prefix) {
    StateDelivery d = StateDelivery.forPrefix(prefix, direct, c -> { }, new Observers());
    sinks.add(d);
    return d;
  }

  private List<WatchSink> covering(String key) {
    List<WatchSink> found = new ArrayList<>();
    sinks.forEachCovering(key, found::add);
    return found;
  }

  private List<WatchSink> all() {
    List<WatchSink> found = new ArrayList<>();
    sinks.forEach(found::add);
    return found;
  }

  @Test
  void anEventReachesTheWatchesOfItsKeyAndThePrefixesOverItOnly() {
    StateDelivery a1 = key("app/a");
    StateDelivery a2 = key("app/a");
    StateDelivery b = key("app/b");
    StateDelivery app = prefix("app");
    StateDelivery other = prefix("other");

    assertThat(covering("app/a")).containsExactlyInAnyOrder(a1, a2, app);
    assertThat(covering("app/b")).containsExactlyInAnyOrder(b, app);
    assertThat(covering("app/c")).containsExactly(app);
    assertThat(covering("apple")).as("a prefix covers the keys under it, not every longer name")
        .isEmpty();
    assertThat(sinks.anyCovers("app/c")).isTrue();
    assertThat(sinks.anyCovers("nothing")).isFalse();
    assertThat(all()).containsExactlyInAnyOrder(a1, a2, b, app, other);
    assertThat(sinks.size()).isEqualTo(5);
  }

  @Test
  void aClosedWatchLeavesOnceAndTheOthersOfItsKeyStay() {
    StateDelivery a1 = key("a");
    StateDelivery a2 = key("a");
    StateDelivery p = prefix("p");

    a1.close();
    a1.close();
    assertThat(covering("a")).containsExactly(a2);
    assertThat(sinks.size()).isEqualTo(2);

    a2.close();
    p.close();
    assertThat(covering("a")).isEmpty();
    assertThat(sinks.anyCovers("a")).isFalse();
    assertThat(covering("p/x")).isEmpty();
    assertThat(all()).isEmpty();
    assertThat(sinks.size()).isZero();
  }

  @Test
  void aWatchClosedBeforeItWasAddedIsNotKept() {
    StateDelivery closed = StateDelivery.forKey("a", direct, s -> { }, new Observers());
    closed.close();
    sinks.add(closed);
    assertThat(covering("a")).isEmpty();
    assertThat(sinks.size()).isZero();
  }

  @Test
  void clearForgetsEveryWatch() {
    key("a");
    prefix("p");
    sinks.clear();
    assertThat(all()).isEmpty();
    assertThat(sinks.size()).isZero();
    assertThat(sinks.anyCovers("a")).isFalse();
  }
}
