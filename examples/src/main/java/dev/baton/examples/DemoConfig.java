package dev.baton.examples;

import dev.baton.Codec;

/** The config keys the examples share: what workers and the config service read, live. */
final class DemoConfig {
  /** The namespace of every example, unless a URI names another. */
  static final String NAMESPACE = "demo";
  /** The election the workers join. */
  static final String ELECTION = "workers";

  static final String GREETING = "greeting";
  static final String RATE_LIMIT = "rate-limit";
  static final String FEATURE = "feature/new-checkout";
  /** A worker whose id is written here resigns if it leads. */
  static final String RESIGN = "resign";
  /** What the leader writes, through its term, on every tick. */
  static final String WORK = "work/last";

  static final String DEFAULT_GREETING = "hello";
  static final int DEFAULT_RATE_LIMIT = 100;

  static final Codec<String> GREETING_CODEC = Codec.string()
      .validate(s -> !s.isBlank() && s.length() <= 200, "a non-empty text of at most 200 characters");
  static final Codec<Integer> RATE_LIMIT_CODEC = Codec.integer()
      .validate(n -> n >= 1 && n <= 1_000_000, "a whole number from 1 to 1000000");
  static final Codec<Boolean> FEATURE_CODEC = Codec.bool();

  private DemoConfig() {}
}
