package dev.baton.etcd;

import dev.baton.Entry;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.options.PutOption;
import java.util.List;
import java.util.Optional;

/** etcd's answers as Baton's entries: what the store, the hub and the latch read alike. */
final class EtcdEntries {
  private EtcdEntries() {}

  /** The entry of {@code kv}, under the namespace-relative {@code key}. */
  static Entry entry(String key, KeyValue kv) {
    return new Entry(key, kv.getValue().getBytes(), kv.getVersion(), kv.getModRevision());
  }

  /** The key of the first Get of a transaction's responses, if it found one. */
  static Optional<KeyValue> firstGet(TxnResponse r) {
    List<GetResponse> gets = r.getGetResponses();
    if (gets.isEmpty() || gets.get(0).getKvs().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(gets.get(0).getKvs().get(0));
  }

  /** The entry just written: our value, with the version and revision the transaction read. */
  static Entry written(String key, byte[] value, Optional<KeyValue> read) {
    KeyValue kv = read.orElseThrow(() -> new IllegalStateException(
        "etcd returned no key after writing '" + key + "'"));
    return new Entry(key, value, kv.getVersion(), kv.getModRevision());
  }

  /** Put options that bind a key to {@code lease} (0: none). */
  static PutOption withLease(long lease) {
    return lease == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(lease).build();
  }
}
