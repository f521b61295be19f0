package dev.baton.zookeeper;

import org.apache.zookeeper.ZooDefs.Perms;

/** ZooKeeper ACL permissions as {@code zkCli.sh} writes them. */
final class ZkAcls {
  private ZkAcls() {}

  /** {@code perms} as letters: {@code c} create, {@code d} delete, {@code r}, {@code w}, {@code a}. */
  static String permissions(int perms) {
    StringBuilder s = new StringBuilder();
    s.append((perms & Perms.CREATE) != 0 ? "c" : "");
    s.append((perms & Perms.DELETE) != 0 ? "d" : "");
    s.append((perms & Perms.READ) != 0 ? "r" : "");
    s.append((perms & Perms.WRITE) != 0 ? "w" : "");
    s.append((perms & Perms.ADMIN) != 0 ? "a" : "");
    return s.toString();
  }
}
