package dev.baton.spring;

import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.RevocationReason;
import dev.baton.Subscription;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link LeaderTask} for each term of a latch: a thread per term, interrupted when the
 * term ends; the next term's run waits for the previous run to return.
 */
final class TaskRunner implements LeadershipListener {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderTask.class);

  private final String election;
  private final String name;
  private final LeaderTask task;
  private Thread thread; // guarded by this
  private Subscription subscription; // guarded by this

  TaskRunner(String election, String name, LeaderTask task) {
    this.election = election;
    this.name = name;
    this.task = task;
  }

  /** Follows the terms of {@code latch}; a term held now starts the task at once. */
  synchronized void attach(LeaderLatch latch) {
    subscription = latch.subscribe(this);
  }

  @Override
  public synchronized void onElected(Leadership term) {
    Thread previous = thread;
    thread = new Thread(() -> run(previous, term), "baton-leader-" + election);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void onRevoked(Leadership term, RevocationReason reason) {
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** Stops following the latch, interrupts a run in progress and waits for it to return. */
  void stop(Duration timeout) {
    Thread running;
    synchronized (this) {
      if (subscription != null) {
        subscription.close();
        subscription = null;
      }
      running = thread;
    }
    if (running == null) {
      return;
    }
    running.interrupt();
    try {
      running.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (running.isAlive()) {
      LOG.warn("leader task {} of election '{}' did not return within {} of being interrupted",
          name, election, timeout);
    }
  }

  private void run(Thread previous, Leadership term) {
    if (previous != null) {
      try {
        previous.join();
      } catch (InterruptedException e) {
        return; // this term ended before the previous run returned
      }
    }
    if (!term.isActive() || Thread.currentThread().isInterrupted()) {
      return;
    }
    LOG.debug("leader task {} starts for election '{}', epoch {}", name, election, term.epoch());
    Leadership outer = BatonLeadership.enter(term);
    try {
      task.lead(term);
    } catch (InterruptedException e) {
      LOG.debug("leader task {} of election '{}' interrupted", name, election);
    } catch (Exception e) {
      if (term.isActive()) {
        LOG.error("leader task {} of election '{}' failed (epoch {}); this instance keeps leading"
            + " until the term ends", name, election, term.epoch(), e);
      } else {
        LOG.debug("leader task {} of election '{}' ended with the term", name, election, e);
      }
    } finally {
      BatonLeadership.restore(outer);
    }
  }
}
