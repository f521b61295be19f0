package dev.baton.conformance.history;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.Subscription;
import dev.baton.testkit.cluster.ClientLink;
import dev.baton.testkit.cluster.LocalCluster;
import dev.baton.testkit.cluster.Wait;
import dev.baton.conformance.history.Event.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/*
 * The config side of a schedule, in the test JVM: one writer and several watchers, each with a
 * coordinator of its own through a link of its own (the nemesis may fault a watcher's link).
 *
 * The writer puts w<n> to config/k0, k1, k2 in turn every 150 ms (a workload rhythm), recording
 * the attempt (PUT), the acknowledgement with its revision (PUT_OK) or the failure (PUT_FAILED: it
 * may still have been applied). Watcher w1, w3, ... watch each key with watch(); w2, w4, ... watch
 * the prefix with watchPrefix(). Every state a watcher is given is a SEEN event.
 *
 * At the end: the writer stops, a fresh coordinator straight to the cluster (no proxy) reads every
 * key (FINAL_READ), and the run waits, polling, until every watcher's last state of each key is
 * the read one, or the convergence bound (plus a margin) has passed; the checker judges.
 */
final class ConfigWorkload implements AutoCloseable {
  static final String PREFIX = "config";
  static final List<String> KEYS = List.of(PREFIX + "/k0", PREFIX + "/k1", PREFIX + "/k2");
  private static final long PUT_EVERY_MILLIS = 150;

  private final History history;
  private final LocalCluster cluster;
  private final String scheme;
  private final String namespace;
  private final CoordinatorOptions options;
  private final Map<String, ClientLink> links = new ConcurrentHashMap<>();
  private final Map<String, Coordinator> coordinators = new ConcurrentHashMap<>();
  private final List<Subscription> watches = new ArrayList<>();
  /** watcher -> key -> last state delivered. */
  private final Map<String, Map<String, KeyState>> last = new ConcurrentHashMap<>();
  private final List<String> watcherIds = new ArrayList<>();
  private Thread writer;
  private volatile boolean stopping;

  ConfigWorkload(History history, LocalCluster cluster, String scheme, String namespace,
      ScheduleSettings settings) {
    this.history = history;
    this.cluster = cluster;
    this.scheme = scheme;
    this.namespace = namespace;
    this.options = CoordinatorOptions.builder().sessionTtl(settings.ttl()).build();
    for (int i = 1; i <= settings.watchers(); i++) {
      watcherIds.add("w" + i);
    }
  }

  void start() {
    for (int i = 0; i < watcherIds.size(); i++) {
      String id = watcherIds.get(i);
      Coordinator c = connect(id);
      last.put(id, new ConcurrentHashMap<>());
      if (i % 2 == 0) {
        for (String key : KEYS) {
          watches.add(c.config().watch(key, state -> seen(id, state)));
        }
      } else {
        watches.add(c.config().watchPrefix(PREFIX,
            change -> change.states().forEach(state -> seen(id, state))));
      }
    }
    Coordinator w = connect("writer");
    writer = new Thread(() -> writeLoop(w), "schedule-config-writer");
    writer.setDaemon(true);
    writer.start();
  }

  List<String> watcherIds() {
    return List.copyOf(watcherIds);
  }

  ClientLink link(String id) {
    return links.get(id);
  }

  /** Stops the writer and waits until its last put has an answer. */
  void stopWriter() {
    stopping = true;
    if (writer != null) {
      try { // no interrupt: the last put is left to end with an answer
        writer.join(Duration.ofSeconds(60).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Reads every key (and {@code extraKeys}) straight from the cluster: FINAL_READ events. */
  Map<String, Optional<Entry>> finalRead(List<String> extraKeys) {
    Map<String, Optional<Entry>> reads = new ConcurrentHashMap<>();
    String uri = scheme + "://" + cluster.connectString() + "/" + namespace;
    try (Coordinator reader = Coordinator.connect(uri, CoordinatorOptions.defaults())) {
      List<String> keys = new ArrayList<>(KEYS);
      keys.addAll(extraKeys);
      for (String key : keys) {
        Optional<Entry> e = Wait.until("a final read of " + key, Duration.ofSeconds(60),
            () -> reader.config().get(key), r -> true);
        reads.put(key, e);
        history.record("checker", Kind.FINAL_READ, "key", key, "rev",
            e.map(Entry::revision).orElse(0L), "exists", e.isPresent(),
            "value", e.map(Entry::valueAsString).orElse(""));
      }
    }
    return reads;
  }

  /** Waits until every watcher's last state of each config key is the final read's, or gives up. */
  void awaitConvergence(Map<String, Optional<Entry>> reads, Duration timeout) {
    try {
      Wait.until("every watcher to show the final state", timeout, () -> {
        for (Map<String, KeyState> states : last.values()) {
          for (String key : KEYS) {
            KeyState s = states.get(key);
            Optional<Entry> read = reads.get(key);
            if (s == null || !s.entry().equals(read)) {
              return false;
            }
          }
        }
        return true;
      });
    } catch (AssertionError e) {
      history.record("nemesis", Kind.NOTE, "text", "watchers did not converge: " + last);
    }
  }

  @Override
  public void close() {
    stopWriter();
    watches.forEach(Subscription::close);
    coordinators.values().forEach(Coordinator::close);
    links.values().forEach(ClientLink::close);
  }

  private Coordinator connect(String id) {
    ClientLink link = cluster.newLink();
    links.put(id, link);
    Coordinator c = Coordinator.connect(
        scheme + "://" + link.connectString() + "/" + namespace, options);
    coordinators.put(id, c);
    return c;
  }

  private void seen(String watcher, KeyState state) {
    last.get(watcher).put(state.key(), state);
    if (state.entry().isPresent()) {
      history.record(watcher, Kind.SEEN, "key", state.key(), "rev", state.revision(),
          "exists", true, "value", state.entry().get().valueAsString());
    } else {
      history.record(watcher, Kind.SEEN, "key", state.key(), "rev", state.revision(),
          "exists", false);
    }
  }

  private void writeLoop(Coordinator w) {
    for (long n = 1; !stopping; n++) {
      String key = KEYS.get((int) (n % KEYS.size()));
      String value = "w" + n;
      history.record("writer", Kind.PUT, "key", key, "value", value);
      try {
        Entry e = w.config().put(key, value.getBytes(StandardCharsets.UTF_8));
        history.record("writer", Kind.PUT_OK, "key", key, "value", value, "rev", e.revision());
      } catch (RuntimeException e) {
        history.record("writer", Kind.PUT_FAILED, "key", key, "value", value,
            "error", e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      try {
        Thread.sleep(PUT_EVERY_MILLIS); // the writer's rhythm, not a wait for a condition
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
