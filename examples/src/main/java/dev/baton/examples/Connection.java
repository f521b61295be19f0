package dev.baton.examples;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every command that talks to a cluster takes: where, and how long to wait. */
final class Connection {
  @Option(names = "--uri", required = true, paramLabel = "URI",
      description = "The cluster and namespace, e.g. zookeeper://127.0.0.1:2181/demo or "
          + "etcd://127.0.0.1:2379/demo (as printed by 'baton cluster').")
  String uri;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
      converter = Durations.class,
      description = "How long to wait for the cluster at start (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(names = "--ttl", paramLabel = "DURATION", converter = Durations.class,
      description = "Session TTL: how soon the cluster gives up on this process "
          + "(default: the URI's sessionTtl, else 10s).")
  Duration ttl;

  /** Connects, or fails with a one-line reason (bad URI: IllegalArgumentException). */
  Coordinator connect() {
    CoordinatorOptions.Builder options = CoordinatorOptions.builder().connectTimeout(connectTimeout);
    if (ttl != null) {
      options.sessionTtl(ttl);
    }
    return Coordinator.connect(uri, options.build());
  }
}
