package dev.baton.conformance.bites;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.conformance.Capability;
import dev.baton.conformance.ConformanceTarget;
import dev.baton.conformance.TestClient;
import dev.baton.conformance.MemoryConformanceTarget;
import java.util.Set;

/** The memory target with one {@link Breakage} applied to every client. */
final class BrokenTarget implements ConformanceTarget {
  /** The breakage the contract runs below use; set by {@link ConformanceBitesTest}. */
  static volatile Breakage current;

  private final MemoryConformanceTarget memory = new MemoryConformanceTarget();

  @Override
  public String name() {
    return "memory, broken: " + current;
  }

  @Override
  public Set<Capability> capabilities() {
    return memory.capabilities();
  }

  @Override
  public TestClient connect(String namespace, CoordinatorOptions options) {
    TestClient real = memory.connect(namespace, options);
    Coordinator broken = current.apply(real.coordinator());
    return new TestClient() {
      @Override
      public Coordinator coordinator() {
        return broken;
      }

      @Override
      public void cutLink() {
        real.cutLink();
      }

      @Override
      public void blackholeLink() {
        real.blackholeLink();
      }

      @Override
      public void slowLink(java.time.Duration perChunkDelay) {
        real.slowLink(perChunkDelay);
      }

      @Override
      public void dropBytesOnLink() {
        real.dropBytesOnLink();
      }

      @Override
      public void healLink() {
        real.healLink();
      }

      @Override
      public void expireSession() {
        real.expireSession();
      }

      @Override
      public void close() {
        real.close();
      }
    };
  }

  @Override
  public String unreachableUri(String namespace) {
    return memory.unreachableUri(namespace);
  }

  @Override
  public String uriTo(String hostAndPort, String namespace) {
    return memory.uriTo(hostAndPort, namespace);
  }

  @Override
  public String externalUri(String namespace) {
    return memory.externalUri(namespace);
  }

  @Override
  public void killNode(int index) {
    memory.killNode(index);
  }

  @Override
  public void restartNode(int index) {
    memory.restartNode(index);
  }

  @Override
  public void pauseNode(int index) {
    memory.pauseNode(index);
  }

  @Override
  public void resumeNode(int index) {
    memory.resumeNode(index);
  }

  @Override
  public String nodeAddress(int index) {
    return memory.nodeAddress(index);
  }

  @Override
  public int leaderNode() {
    return memory.leaderNode();
  }

  @Override
  public int nodeCount() {
    return memory.nodeCount();
  }

  @Override
  public void healAll() {
    memory.healAll();
  }
}
