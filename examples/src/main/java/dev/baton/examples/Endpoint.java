package dev.baton.examples;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where a command connects and how long it waits: {@code --uri} and {@code --connect-timeout}. Most
 * commands take {@link Connection}, which adds {@code --ttl} (the session TTL); {@code kv put} takes
 * only these two, for its {@code --ttl} is the key's.
 */
class Endpoint {
  @Option(names = "--uri", required = true, paramLabel = "URI",
      description = "The cluster and namespace, e.g. zookeeper://127.0.0.1:2181/demo or "
          + "etcd://127.0.0.1:2379/demo (as printed by 'baton cluster').")
  String uri;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
      converter = Durations.class,
      description = "How long to wait for the cluster at start (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  /** The session TTL to connect with; null: the URI's, else the default. */
  Duration sessionTtl() {
    return null;
  }

  /** Connects, or fails with a one-line reason (bad URI: IllegalArgumentException). */
  Coordinator connect() {
    CoordinatorOptions.Builder options = CoordinatorOptions.builder().connectTimeout(connectTimeout);
    if (sessionTtl() != null) {
      options.sessionTtl(sessionTtl());
    }
    return Coordinator.connect(uri, options.build());
  }
}
