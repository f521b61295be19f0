package dev.baton.conformance.bites;

import dev.baton.AsyncConfigStore;
import dev.baton.Codec;
import dev.baton.ConfigStore;
import dev.baton.Entry;
import dev.baton.LiveValue;
import dev.baton.PrefixListener;
import dev.baton.Watch;
import dev.baton.WatchListener;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A config store that forwards everything; broken variants override one thing. */
class ForwardingConfigStore implements ConfigStore {
  final ConfigStore delegate;

  ForwardingConfigStore(ConfigStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<Entry> get(String key) {
    return delegate.get(key);
  }

  @Override
  public Entry put(String key, byte[] value) {
    return delegate.put(key, value);
  }

  @Override
  public Optional<Entry> putIfAbsent(String key, byte[] value) {
    return delegate.putIfAbsent(key, value);
  }

  @Override
  public Optional<Entry> compareAndSet(String key, long expectedVersion, byte[] value) {
    return delegate.compareAndSet(key, expectedVersion, value);
  }

  @Override
  public boolean delete(String key) {
    return delegate.delete(key);
  }

  @Override
  public boolean deleteIfVersion(String key, long expectedVersion) {
    return delegate.deleteIfVersion(key, expectedVersion);
  }

  @Override
  public List<Entry> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public Entry putEphemeral(String key, byte[] value) {
    return delegate.putEphemeral(key, value);
  }

  @Override
  public Entry putWithTtl(String key, byte[] value, Duration ttl) {
    return delegate.putWithTtl(key, value, ttl);
  }

  @Override
  public Watch watch(String key, WatchListener listener) {
    return delegate.watch(key, listener);
  }

  @Override
  public Watch watchPrefix(String prefix, PrefixListener listener) {
    return delegate.watchPrefix(prefix, listener);
  }

  @Override
  public <T> LiveValue<T> live(String key, Codec<T> codec, T defaultValue) {
    return delegate.live(key, codec, defaultValue);
  }

  @Override
  public AsyncConfigStore async() {
    return delegate.async();
  }
}
