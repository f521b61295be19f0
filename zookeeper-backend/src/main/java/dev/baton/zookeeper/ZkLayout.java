package dev.baton.zookeeper;

/**
 * Where a namespace's data lives in ZooKeeper.
 *
 * <pre>
 * /NAMESPACE-ENCODED/config/KEY-ENCODED         one node per config key; data = the value
 * /NAMESPACE-ENCODED/elections/NAME-ENCODED/    one container per election
 *     _c_UUID-n-0000000007                      one ephemeral sequential node per participant;
 *                                               data = participant id; the lowest sequence leads
 * </pre>
 *
 * <p>A namespace is one node directly under the root: its {@code /} becomes {@code :} in the node
 * name (namespace {@code orders/eu} is {@code /orders:eu}), as on etcd. Namespaces follow the key
 * rule, so they never contain {@code :} and the mapping is one to one: two namespaces are two
 * different nodes, neither inside the other, so neither can see or reach the other's keys or
 * elections whatever their names ({@code a} and {@code a/config} are {@code /a} and {@code
 * /a:config}). A namespace without {@code /} keeps the node it always had.
 *
 * <p>Config keys are stored flat, as direct children of {@code config}: a key's {@code /} becomes
 * {@code :} in its node name ({@code checkout/rate-limit} is {@code
 * /orders/config/checkout:rate-limit}). A key and the keys below it are then independent nodes, a
 * node is a key if and only if it is a child of {@code config}, and the {@code pzxid} of {@code
 * config} is the revision of the latest creation or deletion of any key, which orders "absent"
 * states. Keys never contain {@code :}, so the mapping is one to one. Election names are encoded
 * the same way, one node per election. Election nodes live in their own subtree and never show in
 * a config listing.
 *
 * <p>Every kind of key is such a node, of its own {@code CreateMode}: {@code PERSISTENT} for a
 * plain key, {@code EPHEMERAL} (owned by the writer's session) for {@code putEphemeral}, {@code
 * PERSISTENT_WITH_TTL} for {@code putWithTtl}, owned by no session (the servers keep its TTL in
 * the node's {@code ephemeralOwner}, which clients see as 0, as for a persistent node). The
 * leader's container check ({@code znode.container.checkIntervalMs}) deletes a TTL node once its
 * TTL has passed since its {@code mtime}, its last write (so a {@code put} restarts it), which
 * watches see as a deletion. Servers create TTL nodes only with {@code
 * zookeeper.extendedTypesEnabled=true} and answer {@code UNIMPLEMENTED} otherwise. A {@code
 * putEphemeral} or {@code putWithTtl} of an existing key deletes its node and creates a new one
 * (version 1); {@code putWithTtl} does both in one {@code multi}, so the key is never seen absent
 * in between.
 *
 * <p>With {@code zkCli.sh}: {@code get /orders/config/checkout:rate-limit}, {@code set
 * /orders/config/checkout:rate-limit 250}, {@code ls /orders/elections/billing}, {@code get
 * /orders:eu/config/checkout:rate-limit}.
 */
final class ZkLayout {
  private final String root;
  private final String config;
  private final String elections;

  /** ZooKeeper's own node (quotas, dynamic config): no namespace may live there. */
  private static final String RESERVED = "zookeeper";

  /**
   * Refuses the namespace {@code zookeeper}: its node would be ZooKeeper's own {@code /zookeeper},
   * whose children the server guards (writes are refused with NOAUTH, listings come back empty).
   *
   * @throws IllegalArgumentException naming the namespace and why
   */
  static void requireUsableNamespace(String namespace) {
    if (encode(namespace).equals(RESERVED)) {
      throw new IllegalArgumentException("namespace \"" + namespace + "\" cannot be used on"
          + " ZooKeeper: its node would be /" + RESERVED + ", which belongs to ZooKeeper itself;"
          + " choose another namespace");
    }
  }

  ZkLayout(String namespace) {
    this.root = "/" + encode(namespace);
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
    return config + "/" + encode(key);
  }

  /** The key of a config node path, or null if the path is not a config key node. */
  String keyOf(String path) {
    if (!path.startsWith(config) || path.length() <= config.length() + 1
        || path.charAt(config.length()) != '/') {
      return null;
    }
    String name = path.substring(config.length() + 1);
    return name.indexOf('/') >= 0 ? null : keyOfChild(name);
  }

  /** The key of a child node name of {@link #configDir()}. */
  String keyOfChild(String child) {
    return child.replace(':', '/');
  }

  /** The parent of every election's container. */
  String electionsDir() {
    return elections;
  }

  /** The container of election {@code name}. */
  String electionDir(String name) {
    return elections + "/" + encode(name);
  }

  /**
   * One node name for a namespace, key or election name: {@code /} becomes {@code :}. One to one,
   * because the key rule that all three follow allows no {@code :}.
   */
  static String encode(String name) {
    return name.replace('/', ':');
  }
}
