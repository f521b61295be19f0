package dev.baton.conformance.bites;

import dev.baton.Codec;
import dev.baton.ConfigStore;
import dev.baton.Coordinator;
import dev.baton.Entry;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.LiveValue;
import dev.baton.PrefixListener;
import dev.baton.RevocationReason;
import dev.baton.Subscription;
import dev.baton.Watch;
import dev.baton.WatchListener;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deliberately broken variants of a backend, each breaking one promise of CONTRACT §3-§4, made by
 * decorating a working coordinator. The conformance suite must catch every one of them.
 */
enum Breakage {
  /** §3.1.1: the first callback (the current state) is dropped. */
  WATCH_SKIPS_INITIAL_STATE {
    @Override
    ConfigStore config(ConfigStore store) {
      return new ForwardingConfigStore(store) {
        @Override
        public Watch watch(String key, WatchListener listener) {
          AtomicInteger n = new AtomicInteger();
          return delegate.watch(key, s -> {
            if (n.getAndIncrement() > 0) {
              listener.onState(s);
            }
          });
        }

        @Override
        public Watch watchPrefix(String prefix, PrefixListener listener) {
          AtomicInteger n = new AtomicInteger();
          return delegate.watchPrefix(prefix, c -> {
            if (n.getAndIncrement() > 0) {
              listener.onChange(c);
            }
          });
        }
      };
    }
  },

  /** §3.1.2: after each new state, the one before it is delivered again (revision goes back). */
  WATCH_DELIVERS_STALE_STATES {
    @Override
    ConfigStore config(ConfigStore store) {
      return new ForwardingConfigStore(store) {
        @Override
        public Watch watch(String key, WatchListener listener) {
          AtomicReference<dev.baton.KeyState> previous = new AtomicReference<>();
          return delegate.watch(key, s -> {
            listener.onState(s);
            dev.baton.KeyState before = previous.getAndSet(s);
            if (before != null) {
              listener.onState(before);
            }
          });
        }

        @Override
        public Watch watchPrefix(String prefix, PrefixListener listener) {
          AtomicReference<dev.baton.PrefixChange> previous = new AtomicReference<>();
          return delegate.watchPrefix(prefix, c -> {
            listener.onChange(c);
            dev.baton.PrefixChange before = previous.getAndSet(c);
            if (before != null) {
              listener.onChange(before);
            }
          });
        }
      };
    }
  },

  /** §3.1.3: the watch dies silently after two callbacks (the jetcd/Curator trap). */
  WATCH_DIES_SILENTLY {
    @Override
    ConfigStore config(ConfigStore store) {
      return new ForwardingConfigStore(store) {
        @Override
        public Watch watch(String key, WatchListener listener) {
          AtomicInteger n = new AtomicInteger();
          return delegate.watch(key, s -> {
            if (n.getAndIncrement() < 2) {
              listener.onState(s);
            }
          });
        }

        @Override
        public Watch watchPrefix(String prefix, PrefixListener listener) {
          AtomicInteger n = new AtomicInteger();
          return delegate.watchPrefix(prefix, c -> {
            if (n.getAndIncrement() < 2) {
              listener.onChange(c);
            }
          });
        }
      };
    }
  },

  /** §3.1.5: closing a watch does not stop its callbacks. */
  WATCH_CLOSE_IGNORED {
    @Override
    ConfigStore config(ConfigStore store) {
      return new ForwardingConfigStore(store) {
        @Override
        public Watch watch(String key, WatchListener listener) {
          return ignoringClose(delegate.watch(key, listener));
        }

        @Override
        public Watch watchPrefix(String prefix, PrefixListener listener) {
          return ignoringClose(delegate.watchPrefix(prefix, listener));
        }
      };
    }
  },

  /** §3: compareAndSet writes whatever the version is. */
  CAS_IGNORES_VERSION {
    @Override
    ConfigStore config(ConfigStore store) {
      return new ForwardingConfigStore(store) {
        @Override
        public Optional<Entry> compareAndSet(String key, long expectedVersion, byte[] value) {
          return Optional.of(delegate.put(key, value));
        }
      };
    }
  },

  /** §3: an ephemeral key is written as a persistent one. */
  EPHEMERAL_PERSISTS {
    @Override
    ConfigStore config(ConfigStore store) {
      return new ForwardingConfigStore(store) {
        @Override
        public Entry putEphemeral(String key, byte[] value) {
          return delegate.put(key, value);
        }
      };
    }
  },

  /** §3.2: a value that fails to decode replaces the last good value with the default. */
  LIVE_VALUE_APPLIES_BAD_VALUES {
    @Override
    ConfigStore config(ConfigStore store) {
      return new ForwardingConfigStore(store) {
        @Override
        public <T> LiveValue<T> live(String key, Codec<T> codec, T defaultValue) {
          Codec<T> lenient = new Codec<>() {
            @Override
            public T decode(byte[] bytes) {
              try {
                return codec.decode(bytes);
              } catch (RuntimeException e) {
                return defaultValue;
              }
            }

            @Override
            public byte[] encode(T value) {
              return codec.encode(value);
            }
          };
          return delegate.live(key, lenient, defaultValue);
        }
      };
    }
  },

  /** §4: every participant believes it leads as soon as it starts. */
  LATCH_GRANTS_EVERYONE {
    @Override
    LeaderLatch latch(LeaderLatch latch, ConfigStore store) {
      return new ForwardingLeaderLatch(latch) {
        final Leadership fake = new UnguardedLeadership(latch.name(), latch.participantId(), 1, store);
        volatile boolean started;

        @Override
        public Subscription subscribe(LeadershipListener listener) {
          Subscription s = delegate.subscribe(new LeadershipListener() {
            @Override
            public void onElected(Leadership l) {}

            @Override
            public void onRevoked(Leadership l, RevocationReason r) {}
          });
          if (started) {
            listener.onElected(fake);
          }
          listeners.add(listener);
          return s;
        }

        final java.util.List<LeadershipListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void start() {
          delegate.start();
          started = true;
          listeners.forEach(l -> l.onElected(fake));
        }

        @Override
        public Optional<Leadership> leadership() {
          return started ? Optional.of(fake) : Optional.empty();
        }

        @Override
        public Optional<Leadership> awaitLeadership(Duration timeout) {
          return leadership();
        }
      };
    }
  },

  /** §4: a deposed leader's guarded write goes through. */
  GUARDED_WRITES_UNGUARDED {
    @Override
    LeaderLatch latch(LeaderLatch latch, ConfigStore store) {
      return mappingLeadership(latch, l -> new UnguardedLeadership(l.election(), l.participantId(), l.epoch(), store));
    }
  },

  /** §4: the epoch does not grow from term to term. */
  EPOCH_CONSTANT {
    @Override
    LeaderLatch latch(LeaderLatch latch, ConfigStore store) {
      return mappingLeadership(latch, l -> new ConstantEpochLeadership(l));
    }
  },

  /** §4: onRevoked is never called. */
  REVOCATION_NOT_TOLD {
    @Override
    LeaderLatch latch(LeaderLatch latch, ConfigStore store) {
      return new ForwardingLeaderLatch(latch) {
        @Override
        public Subscription subscribe(LeadershipListener listener) {
          return delegate.subscribe(new LeadershipListener() {
            @Override
            public void onElected(Leadership l) {
              listener.onElected(l);
            }

            @Override
            public void onRevoked(Leadership l, RevocationReason r) {}
          });
        }
      };
    }
  };

  ConfigStore config(ConfigStore store) {
    return store;
  }

  LeaderLatch latch(LeaderLatch latch, ConfigStore store) {
    return latch;
  }

  /** {@code coordinator} with this breakage. */
  Coordinator apply(Coordinator coordinator) {
    Breakage breakage = this;
    ConfigStore store = config(coordinator.config());
    return new ForwardingCoordinator(coordinator) {
      @Override
      public ConfigStore config() {
        return store;
      }

      @Override
      public LeaderLatch leaderLatch(String name, LatchOptions options) {
        return breakage.latch(delegate.leaderLatch(name, options), delegate.config());
      }
    };
  }

  private static Watch ignoringClose(Watch watch) {
    return new Watch() {
      @Override
      public String target() {
        return watch.target();
      }

      @Override
      public boolean isClosed() {
        return false;
      }

      @Override
      public void close() {}
    };
  }

  private static LeaderLatch mappingLeadership(
      LeaderLatch latch, java.util.function.Function<Leadership, Leadership> map) {
    java.util.Map<Leadership, Leadership> mapped =
        java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    java.util.function.Function<Leadership, Leadership> once = l -> mapped.computeIfAbsent(l, map);
    return new ForwardingLeaderLatch(latch) {
      @Override
      public Subscription subscribe(LeadershipListener listener) {
        return delegate.subscribe(new LeadershipListener() {
          @Override
          public void onElected(Leadership l) {
            listener.onElected(once.apply(l));
          }

          @Override
          public void onRevoked(Leadership l, RevocationReason r) {
            listener.onRevoked(once.apply(l), r);
          }
        });
      }

      @Override
      public Optional<Leadership> leadership() {
        return delegate.leadership().map(once);
      }

      @Override
      public Optional<Leadership> awaitLeadership(Duration timeout) {
        return delegate.awaitLeadership(timeout).map(once);
      }
    };
  }
}
