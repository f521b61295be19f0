package dev.baton.conformance;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.testkit.memory.MemoryBackend;
import dev.baton.testkit.memory.MemoryStore;
import java.util.EnumSet;
import java.util.Set;

/**
 * The conformance target of the {@code memory://} backend. It has no links to fault, no cluster
 * nodes and no other processes; it can expire sessions.
 */
public final class MemoryConformanceTarget implements ConformanceTarget {
  private static final String STORE = "conformance";
  private static final String UNREACHABLE = "unreachable";

  public MemoryConformanceTarget() {
    MemoryStore.named(UNREACHABLE).setReachable(false);
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.SESSION_EXPIRY);
  }

  @Override
  public TestClient connect(String namespace, CoordinatorOptions options) {
    Coordinator c = Coordinator.connect("memory://" + STORE + "/" + namespace, options);
    return new TestClient() {
      @Override
      public Coordinator coordinator() {
        return c;
      }

      @Override
      public void cutLink() {
        throw unsupported(Capability.LINK_FAULTS);
      }

      @Override
      public void blackholeLink() {
        throw unsupported(Capability.LINK_FAULTS);
      }

      @Override
      public void slowLink(java.time.Duration perChunkDelay) {
        throw unsupported(Capability.LINK_FAULTS);
      }

      @Override
      public void dropBytesOnLink() {
        throw unsupported(Capability.LINK_FAULTS);
      }

      @Override
      public void healLink() {}

      @Override
      public void expireSession() {
        MemoryBackend.expireSession(c);
      }

      @Override
      public void close() {
        c.close();
      }
    };
  }

  @Override
  public String unreachableUri(String namespace) {
    return "memory://" + UNREACHABLE + "/" + namespace;
  }

  @Override
  public String uriTo(String hostAndPort, String namespace) {
    throw unsupported(Capability.LINK_FAULTS);
  }

  @Override
  public String externalUri(String namespace) {
    throw unsupported(Capability.OTHER_PROCESSES);
  }

  @Override
  public void killNode(int index) {
    throw unsupported(Capability.NODE_FAULTS);
  }

  @Override
  public void restartNode(int index) {
    throw unsupported(Capability.NODE_FAULTS);
  }

  @Override
  public void pauseNode(int index) {
    throw unsupported(Capability.NODE_FAULTS);
  }

  @Override
  public void resumeNode(int index) {
    throw unsupported(Capability.NODE_FAULTS);
  }

  @Override
  public String nodeAddress(int index) {
    throw unsupported(Capability.NODE_FAULTS);
  }

  @Override
  public int leaderNode() {
    throw unsupported(Capability.NODE_FAULTS);
  }

  @Override
  public int nodeCount() {
    return 1;
  }

  @Override
  public void healAll() {}

  private static MissingCapabilityException unsupported(Capability c) {
    return new MissingCapabilityException("memory", c);
  }
}
