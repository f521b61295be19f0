package dev.baton.examples.spring;

import dev.baton.spring.BatonElections;
import dev.baton.spring.LiveProperties;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /greeting?name=Ann}: the live greeting, within the live rate limit. */
@RestController
class GreetingController {
  private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

  /**
   * What {@code /greeting} answers.
   *
   * @param greeting the greeting
   * @param revision the store revision of the settings used
   * @param servedBy this instance's participant id
   * @param leading whether this instance leads the job's election now
   */
  record Greeting(String greeting, long revision, String servedBy, boolean leading) {}

  private final LiveProperties<GreetingSettings> settings;
  private final BatonElections elections;
  private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
  private final AtomicInteger servedInWindow = new AtomicInteger();

  GreetingController(LiveProperties<GreetingSettings> settings, BatonElections elections) {
    this.settings = settings;
    this.elections = elections;
  }

  @GetMapping("/greeting")
  ResponseEntity<Greeting> greeting(@RequestParam(defaultValue = "world") String name) {
    GreetingSettings now = settings.get(); // a memory read: the last good settings
    if (!admit(now.maxPerMinute())) {
      return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).build();
    }
    return ResponseEntity.ok(new Greeting(now.message() + ", " + name, settings.revision(),
        elections.participantId(), elections.isLeader(LeaderJob.ELECTION)));
  }

  /** A fixed one-minute window: enough for an example. */
  private boolean admit(int maxPerMinute) {
    long start = windowStart.get();
    long now = System.nanoTime();
    if (now - start > MINUTE_NANOS && windowStart.compareAndSet(start, now)) {
      servedInWindow.set(0);
    }
    return servedInWindow.incrementAndGet() <= maxPerMinute;
  }
}
