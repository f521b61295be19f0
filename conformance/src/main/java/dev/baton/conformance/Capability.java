package dev.baton.conformance;

/**
 * What a {@link ConformanceTarget} can do beyond the plain API. A conformance test that needs one
 * checks for it first and, where it is missing, is reported as not applicable to that backend, with
 * the capability named: never skipped silently. Real backends on real clusters declare all of them.
 */
public enum Capability {
  /** {@link TestClient#cutLink()}, {@link TestClient#blackholeLink()} and heal. */
  LINK_FAULTS,
  /** {@link ConformanceTarget#killNode}, {@link ConformanceTarget#restartNode} and the leader node. */
  NODE_FAULTS,
  /** {@link TestClient#expireSession()}. */
  SESSION_EXPIRY,
  /** {@link ConformanceTarget#externalUri}: participants in other processes, which can be paused. */
  OTHER_PROCESSES
}
