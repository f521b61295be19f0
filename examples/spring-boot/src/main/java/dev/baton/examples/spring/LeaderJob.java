package dev.baton.examples.spring;

import dev.baton.Leadership;
import dev.baton.NotLeaderException;
import dev.baton.spring.BatonLeadership;
import dev.baton.spring.LeaderOnly;
import dev.baton.spring.LeadershipGrantedEvent;
import dev.baton.spring.LeadershipRevokedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** A job that runs every 2 s on the instance that leads the election {@value #ELECTION}. */
@Component
class LeaderJob {
  static final String ELECTION = "greeting-job";
  private static final Logger LOG = LoggerFactory.getLogger(LeaderJob.class);

  @Scheduled(fixedRate = 2000)
  @LeaderOnly(ELECTION)
  public void run() {
    Leadership term = BatonLeadership.current();
    LOG.info("leading with epoch {}", term.epoch());
    try {
      // A guarded write: applied only while this term holds, refused once another instance leads.
      term.put("jobs/greeting-job/last-run", (term.participantId() + " at " + Instant.now()
          + ", epoch " + term.epoch()).getBytes(StandardCharsets.UTF_8));
    } catch (NotLeaderException e) {
      LOG.info("the term of epoch {} ended: the write was refused", term.epoch());
    }
  }

  @EventListener
  public void on(LeadershipGrantedEvent event) {
    LOG.info("now leading '{}' as '{}' (epoch {})", event.election(), event.participantId(),
        event.epoch());
  }

  @EventListener
  public void on(LeadershipRevokedEvent event) {
    LOG.info("no longer leading '{}' (epoch {}): {}", event.election(), event.epoch(),
        event.reason());
  }
}
