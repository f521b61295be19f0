package dev.baton.etcd;

import dev.baton.Keys;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;

/**
 * Where a namespace's data lives in etcd.
 *
 * <pre>
 * /NAMESPACE/config/KEY                        one etcd key per config key; value = the value;
 *                                              an ephemeral key is on its coordinator's lease,
 *                                              a TTL key on its TTL bucket's lease
 * /NAMESPACE/elections/NAME/LEASE-TOKEN        one key per participant, attached to its
 *                                              coordinator's lease; value = participant id;
 *                                              the lowest create_revision leads
 * </pre>
 *
 * <p>Config keys keep their {@code /}: {@code checkout/rate-limit} in namespace {@code orders} is
 * the etcd key {@code /orders/config/checkout/rate-limit}. A {@code /} inside the namespace or an
 * election name becomes {@code :} (neither may contain {@code :}), so no namespace's keys fall
 * under another's prefix and no election's candidates fall under another election's prefix.
 * Election keys live under their own prefix and never show in a config listing.
 *
 * <p>TTL keys ({@code putWithTtl}) are ordinary config keys on a lease that no session owns: one
 * lease per TTL bucket (the keys written with one TTL within a tenth of it, 1 s to 60 s), granted
 * for {@code ceil(ttl + width)} seconds and never revoked by Baton; etcd deletes the key when its
 * lease runs out, no sooner than the TTL after the write, at most about {@code ceil(ttl + width) +
 * 0.5 s} after it ({@link EtcdTtlLeases}).
 *
 * <p>With {@code etcdctl}: {@code get /orders/config/checkout/rate-limit}, {@code put
 * /orders/config/checkout/rate-limit 250}, {@code get --prefix /orders/elections/billing/}.
 */
final class EtcdLayout {
  private final String root;
  private final String config;
  private final String elections;

  EtcdLayout(String namespace) {
    this.root = "/" + namespace.replace('/', ':') + "/";
    this.config = root + "config/";
    this.elections = root + "elections/";
  }

  /** The prefix of everything in the namespace. */
  String root() {
    return root;
  }

  /** The prefix of every election's candidate keys. */
  String electionsPrefix() {
    return elections;
  }

  /** The prefix of every config key. */
  String configPrefix() {
    return config;
  }

  String keyPath(String key) {
    return config + key;
  }

  /** The config key stored at {@code path}, or null if {@code path} is not a config key. */
  String keyOf(String path) {
    if (!path.startsWith(config)) {
      return null;
    }
    String key = path.substring(config.length());
    return Keys.isValidKey(key) ? key : null;
  }

  /** The prefix of one election's candidate keys, ending in {@code /}. */
  String electionPrefix(String name) {
    return elections + name.replace('/', ':') + "/";
  }

  /** True if {@code path} is a candidate key of the election with prefix {@code electionPrefix}. */
  static boolean isCandidate(String path, String electionPrefix) {
    return path.startsWith(electionPrefix) && path.indexOf('/', electionPrefix.length()) < 0
        && path.length() > electionPrefix.length();
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  static String string(ByteSequence b) {
    return b.toString(StandardCharsets.UTF_8);
  }
}
