package dev.baton.conformance;

/**
 * A store with authentication on, for the {@link SecurityContract}: what a backend module supplies
 * to run the security part of the suite. The store refuses clients without credentials, and its
 * identities get rights per namespace, by whatever means the store has (etcd users and roles on
 * the namespace's key prefix; ZooKeeper digest identities and the ACLs of the namespace's nodes).
 */
public interface SecuredTarget {
  /** A short name for messages: "zookeeper", "etcd". */
  String name();

  /** A URI for {@code namespace} on this store, without credentials. */
  String uri(String namespace);

  /**
   * A URI for {@code namespace} with {@code user} and {@code password} in its user-info part
   * ({@code scheme://user:password@host:port/namespace}).
   */
  String uriWithCredentials(String namespace, String user, String password);

  /**
   * Makes {@code user} (with {@code password}) an identity that may read, write and elect in
   * {@code namespace}, and nothing elsewhere. Called before the user first connects there; on a
   * store whose rights live on the namespace's nodes the namespace is then created by that user's
   * first connect and writes.
   */
  void owner(String user, String password, String namespace);

  /**
   * Lets {@code reader} (with {@code readerPassword}) read, and only read, {@code namespace}: its
   * keys as they exist now and the namespace's own nodes. Called after the owner (with {@code
   * ownerPassword}) has written the keys and run an election there.
   */
  void reader(String reader, String readerPassword, String namespace, String owner,
      String ownerPassword);
}
