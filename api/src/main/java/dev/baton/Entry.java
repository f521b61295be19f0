package dev.baton;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One key's state in the store: its value and where that value stands in the store's history.
 *
 * <ul>
 *   <li>{@code version}: 1 when the key is created, +1 on every write, gone when deleted; a key
 *       deleted and created again starts at 1. It is what {@link ConfigStore#compareAndSet}
 *       compares.
 *   <li>{@code revision}: the store-wide, strictly increasing number of the write that produced this
 *       state (etcd {@code mod_revision}, ZooKeeper {@code mzxid}). It orders states of any keys,
 *       also across delete and re-create, where {@code version} starts again.
 * </ul>
 *
 * <p>Immutable: the value is copied in and copied out.
 */
public final class Entry {
  private final String key;
  private final byte[] value;
  private final long version;
  private final long revision;

  public Entry(String key, byte[] value, long version, long revision) {
    this.key = Objects.requireNonNull(key, "key");
    this.value = Objects.requireNonNull(value, "value").clone();
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, but was " + version);
    }
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be >= 1, but was " + revision);
    }
    this.version = version;
    this.revision = revision;
  }

  /** The key, relative to the coordinator's namespace. */
  public String key() {
    return key;
  }

  /** A copy of the value. */
  public byte[] value() {
    return value.clone();
  }

  /** The value decoded as UTF-8. */
  public String valueAsString() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** The number of bytes of the value, without copying it. */
  public int size() {
    return value.length;
  }

  /** 1 when created, +1 on every write. */
  public long version() {
    return version;
  }

  /** The store-wide revision of the write that produced this state. */
  public long revision() {
    return revision;
  }

  /** True if the value equals {@code other} byte for byte, without copying. */
  public boolean valueEquals(byte[] other) {
    return Arrays.equals(value, other);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Entry e
        && key.equals(e.key)
        && version == e.version
        && revision == e.revision
        && Arrays.equals(value, e.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, version, revision, Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    return "Entry[key=" + key + ", version=" + version + ", revision=" + revision
        + ", size=" + value.length + "]";
  }
}
