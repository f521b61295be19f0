package dev.baton;

/**
 * The store refused an operation because the coordinator's identity may not do it there: an etcd
 * role without that permission on the namespace's keys, a ZooKeeper ACL without that right on the
 * namespace's nodes. Nothing was changed by the refused operation.
 *
 * <p>{@link Coordinator#connect(String) connect} throws it when the identity may not even read
 * the namespace (on ZooKeeper, where digest credentials are not checked against a user list, this
 * is also what a wrong password looks like). A write, a latch's joining of an election, or a read
 * the identity may not make fails with it; a latch reports it to {@link
 * LeadershipListener#onError}.
 */
public class PermissionDeniedException extends AccessDeniedException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(String message) {
    super(message);
  }

  public PermissionDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
