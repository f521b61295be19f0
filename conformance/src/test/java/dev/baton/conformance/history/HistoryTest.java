package dev.baton.conformance.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.conformance.history.Event.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording, ordering, the participants' line format, and the file round trip. */
class HistoryTest {
  @Test
  void eventsAreOrderedByTimeThenArrival(@TempDir Path dir) {
    AtomicLong now = new AtomicLong(2000);
    History h = new History(now::get);
    h.record("nemesis", Kind.START, "seed", 1);
    h.addReported("p1-1", "1500 ELECTED epoch=7");
    h.addReported("p1-1", "2000 WRITE_FAILED key=k epoch=7 seq=1 error=a%20b");
    List<Event> events = h.events();
    assertThat(events).extracting(Event::kind)
        .containsExactly(Kind.ELECTED, Kind.START, Kind.WRITE_FAILED);
    assertThat(events.get(2).get("error")).isEqualTo("a b");

    Path file = dir.resolve("history.txt");
    h.write(file);
    assertThat(History.read(file)).isEqualTo(events);
  }

  @Test
  void badLinesAreRefusedWithTheLine() {
    History h = new History();
    assertThatThrownBy(() -> h.addReported("p1-1", "not a line"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a line");
    assertThatThrownBy(() -> Event.parse("12 p1 ELECTED"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void summaryCountsTheCleanRun() {
    List<Event> events = HistoryBuilder.clean().build();
    String summary = Summary.of("memory", ScheduleSettings.of(1, 1), Duration.ofSeconds(15),
        events, HistoryChecker.check(events, CheckerBounds.forTtl(Duration.ofSeconds(2))));
    assertThat(summary).contains("seed 1", "faults: 1 {participant-pause=1}",
        "terms: 2 elected", "6 ok, 2 refused (1 after the writer's revocation)",
        "failover ms (fault start to a greater epoch elected): n=1 p50=2300", "violations: 0");
  }
}
