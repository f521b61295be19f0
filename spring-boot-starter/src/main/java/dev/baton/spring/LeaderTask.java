package dev.baton.spring;

import dev.baton.Leadership;

/**
 * Work that runs for as long as this instance leads an election: a bean implementing it and
 * annotated {@code @LeaderOnly("name")} at class level.
 *
 * <pre>{@code
 * @Component
 * @LeaderOnly("outbox")
 * class OutboxRelay implements LeaderTask {
 *   public void lead(Leadership term) throws InterruptedException {
 *     while (!Thread.currentThread().isInterrupted()) {
 *       relayBatch(term.epoch());   // hand the epoch to downstream systems as a fencing token
 *       Thread.sleep(200);
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>When a term begins, {@link #lead} is called on a thread of its own ({@code
 * baton-leader-<election>}), with {@link BatonLeadership#current()} set to the term. When the term
 * ends (revoked, resigned, the context closing) that thread is interrupted: the task must then
 * return promptly; writes that must not outlive the term go through the term's guarded
 * operations. A task of the next term starts only after the previous run has returned. If {@code
 * lead} returns (or throws, which is logged) while the term holds, the instance keeps leading
 * until the term ends: the task is not called again within that term.
 */
@FunctionalInterface
public interface LeaderTask {
  /**
   * Does the leader's work for {@code term}; returns when interrupted.
   *
   * @throws Exception anything, logged at ERROR (an {@link InterruptedException} at the end of the
   *     term is expected and not logged)
   */
  void lead(Leadership term) throws Exception;
}
