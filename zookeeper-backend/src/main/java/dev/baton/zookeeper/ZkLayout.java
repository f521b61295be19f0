package dev.baton.zookeeper;

/**
 * Where a namespace's data lives in ZooKeeper.
 *
 * <pre>
 * /NAMESPACE/config/KEY-ENCODED             one node per config key; data = the value
 * /NAMESPACE/elections/NAME-ENCODED/        one container per election
 *     _c_UUID-n-0000000007                  one ephemeral sequential node per participant;
 *                                           data = participant id; the lowest sequence leads
 * </pre>
 *
 * <p>Config keys are stored flat, as direct children of {@code config}: a key's {@code /} becomes
 * {@code :} in its node name ({@code checkout/rate-limit} is {@code
 * /orders/config/checkout:rate-limit}). A key and the keys below it are then independent nodes, a
 * node is a key if and only if it is a child of {@code config}, and the {@code pzxid} of {@code
 * config} is the revision of the latest creation or deletion of any key, which orders "absent"
 * states. Keys never contain {@code :}, so the mapping is one to one. Election nodes live in their
 * own subtree and never show in a config listing.
 *
 * <p>With {@code zkCli.sh}: {@code get /orders/config/checkout:rate-limit}, {@code set
 * /orders/config/checkout:rate-limit 250}, {@code ls /orders/elections/billing}.
 */
final class ZkLayout {
  private final String root;
  private final String config;
  private final String elections;

  ZkLayout(String namespace) {
    this.root = "/" + namespace;
    this.config = root + "/config";
    this.elections = root + "/elections";
  }

  String root() {
    return root;
  }

  /** The parent of every config key node. */
  String configDir() {
    return config;
  }

  /** The node of config key {@code key}. */
  String keyPath(String key) {
    return config + "/" + key.replace('/', ':');
  }

  /** The key of a config node path, or null if the path is not a config key node. */
  String keyOf(String path) {
    if (!path.startsWith(config) || path.length() <= config.length() + 1
        || path.charAt(config.length()) != '/') {
      return null;
    }
    String name = path.substring(config.length() + 1);
    return name.indexOf('/') >= 0 ? null : name.replace(':', '/');
  }

  /** The key of a child node name of {@link #configDir()}. */
  String keyOfChild(String child) {
    return child.replace(':', '/');
  }

  /** The container of election {@code name}. */
  String electionDir(String name) {
    return elections + "/" + name.replace('/', ':');
  }
}
