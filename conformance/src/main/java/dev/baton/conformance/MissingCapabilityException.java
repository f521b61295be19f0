package dev.baton.conformance;

/**
 * Thrown by a {@link ConformanceTarget} or {@link TestClient} asked for a fault it declared it
 * cannot make (it lacks the {@link Capability}). Contracts check {@link
 * ConformanceTarget#capabilities()} first, so a test that meets this exception has a bug.
 */
public final class MissingCapabilityException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final Capability capability;

  public MissingCapabilityException(String target, Capability capability) {
    super("the " + target + " target lacks " + capability);
    this.capability = capability;
  }

  /** The capability the target lacks. */
  public Capability capability() {
    return capability;
  }
}
