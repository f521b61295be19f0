package dev.baton.spring;

import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of the coordinator's connection, as {@code baton} in {@code /actuator/health}.
 *
 * <table>
 *   <caption>Status by connection state</caption>
 *   <tr><th>state</th><th>status</th></tr>
 *   <tr><td>CONNECTED, RECONNECTED</td><td>UP</td></tr>
 *   <tr><td>LOST, CLOSED</td><td>DOWN</td></tr>
 *   <tr><td>SUSPENDED, CONNECTING (lazy connection, store not reached yet), any
 *       other</td><td>OUT_OF_SERVICE</td></tr>
 * </table>
 *
 * <p>Details: {@code state}, {@code namespace}, {@code backend} (the URI's scheme), {@code
 * sessionTtl} (the TTL the store granted, ISO-8601, or "unknown" before it is known), {@code
 * leading} (the elections this instance leads).
 */
public class BatonHealthIndicator implements HealthIndicator {
  private final Coordinator coordinator;
  private final BatonElections elections; // may be null

  public BatonHealthIndicator(Coordinator coordinator, BatonElections elections) {
    this.coordinator = coordinator;
    this.elections = elections;
  }

  @Override
  public Health health() {
    ConnectionState state = coordinator.connectionState();
    Health.Builder health;
    if (state.isConnected()) {
      health = Health.up();
    } else if (state == ConnectionState.LOST || state == ConnectionState.CLOSED) {
      health = Health.down();
    } else {
      health = Health.outOfService();
    }
    List<String> leading = elections == null ? List.of() : elections.leading();
    return health
        .withDetail("state", state.name())
        .withDetail("namespace", coordinator.namespace())
        .withDetail("backend", coordinator.uri().scheme())
        .withDetail("sessionTtl",
            coordinator.negotiatedSessionTtl().map(Object::toString).orElse("unknown"))
        .withDetail("leading", leading)
        .build();
  }
}
