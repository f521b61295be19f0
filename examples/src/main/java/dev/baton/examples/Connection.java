package dev.baton.examples;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every command that talks to a cluster takes: where, how long to wait, session TTL. */
final class Connection extends Endpoint {
  @Option(names = "--ttl", paramLabel = "DURATION", converter = Durations.class,
      description = "Session TTL: how soon the cluster gives up on this process "
          + "(default: the URI's sessionTtl, else 10s).")
  Duration ttl;

  @Override
  Duration sessionTtl() {
    return ttl;
  }
}
