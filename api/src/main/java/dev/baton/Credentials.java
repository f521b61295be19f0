package dev.baton;

import java.util.Objects;

/**
 * A user name and password: etcd authentication, or a ZooKeeper digest identity (with ACLs on the
 * nodes Baton creates). The password never appears in {@link #toString()}, logs or messages.
 */
public final class Credentials {
  private final String user;
  private final String password;

  private Credentials(String user, String password) {
    this.user = Objects.requireNonNull(user, "user");
    this.password = Objects.requireNonNull(password, "password");
    if (user.isEmpty()) {
      throw new IllegalArgumentException("user must not be empty");
    }
  }

  /** A user name and password. */
  public static Credentials of(String user, String password) {
    return new Credentials(user, password);
  }

  public String user() {
    return user;
  }

  /** The password; hand it only to the client library. */
  public String password() {
    return password;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credentials c && user.equals(c.user) && password.equals(c.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(user, password);
  }

  @Override
  public String toString() {
    return "Credentials[user=" + user + ", password=***]";
  }
}
