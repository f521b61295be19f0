package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-second accounting of the rate-limit process test, on made-up lines: which seconds are
 * settled, the bounds, stalls, and the order of the member counts a process saw; and the child
 * process itself, briefly, on its own memory:// store.
 */
class AdmissionTimelineTest {
  private static final long T0 = 1_000_000_000_000L; // a whole second

  /** Lines for windows [from, to) of admitted each, seeing members, then MEMBERS changed. */
  private static List<String> run(int members, long from, long to, int admitted) {
    List<String> lines = new ArrayList<>(List.of("READY", "MEMBERS " + members));
    for (long w = from; w < to; w += 100) {
      lines.add("WINDOW " + w + " " + admitted + " 3");
    }
    return lines;
  }

  private static AdmissionTimeline.Step steady(String name, long at) {
    return new AdmissionTimeline.Step("start", name, at, at + 50);
  }

  @Test
  void settledSecondsAreThoseWithEveryProcessRunningAndAgreeingOnTheMembers() {
    AdmissionTimeline t = new AdmissionTimeline(300, 0.1, List.of(steady("A+B", T0 - 950)))
        .add("A", run(2, T0 - 900, T0 + 3000, 15))
        .add("B", run(2, T0 - 500, T0 + 3000, 15));

    List<AdmissionTimeline.Second> seconds = t.seconds();
    assertThat(seconds).extracting(AdmissionTimeline.Second::start)
        .containsExactly(T0 - 1000, T0, T0 + 1000, T0 + 2000);
    assertThat(seconds).extracting(AdmissionTimeline.Second::settled)
        .containsExactly(false, true, true, false); // started in the first, no "after" in the last
    assertThat(seconds.get(1).total()).isEqualTo(300);
    assertThat(t.violations()).isEmpty();
    assertThat(t.settledSecondsOf("A+B")).isEqualTo(2);
  }

  @Test
  void aSettledSecondOutsideTheToleranceIsAViolationUnlessALoopStalled() {
    List<String> b = run(2, T0 - 500, T0 + 3000, 15);
    for (long w = T0 + 1000; w < T0 + 1300; w += 100) { // B took nothing in 3 windows
      b.set(b.indexOf("WINDOW " + w + " 15 3"), "WINDOW " + w + " 0 3");
    }
    AdmissionTimeline t = new AdmissionTimeline(300, 0.1, List.of(steady("A+B", T0 - 950)))
        .add("A", run(2, T0 - 900, T0 + 3000, 15))
        .add("B", b);
    assertThat(t.violations()).singleElement().asString().contains("255 admitted");

    List<String> stalled = new ArrayList<>(b);
    stalled.replaceAll(l -> l.endsWith(" 0 3") ? l.replaceFirst(" 0 3$", " 0 300") : l);
    AdmissionTimeline t2 = new AdmissionTimeline(300, 0.1, List.of(steady("A+B", T0 - 950)))
        .add("A", run(2, T0 - 900, T0 + 3000, 15))
        .add("B", stalled);
    assertThat(t2.violations()).isEmpty();
    assertThat(t2.seconds().get(2).stalled()).isTrue();
    assertThat(t2.table("t")).contains("!300ms", "a loop stalled");
  }

  @Test
  void membersSeenDifferentlyOrAChangeDuringTheSecondOrAStepUnderWayIsATransition() {
    List<String> a = run(2, T0 - 900, T0 + 3000, 15);
    a.add(a.indexOf("WINDOW " + (T0 + 1500) + " 15 3") + 1, "MEMBERS 3");
    AdmissionTimeline t = new AdmissionTimeline(300, 0.1, List.of(steady("A+B", T0 - 950),
        new AdmissionTimeline.Step("C joins", "A+B+C", T0 + 2100, T0 + 2200)))
        .add("A", a)
        .add("B", run(2, T0 - 500, T0 + 4000, 15));
    List<AdmissionTimeline.Second> seconds = t.seconds();
    assertThat(seconds.get(1).settled()).isTrue();
    assertThat(seconds.get(2).settled()).as("A saw 2 then 3").isFalse();
    assertThat(seconds.get(2).cells().get("A")).isEqualTo("150 [2>3]");
    assertThat(seconds.get(3).phase()).isEqualTo("C joins ...");
    assertThat(seconds.get(3).settled()).isFalse();
  }

  @Test
  void anySecondAboveTheLimitPlusToleranceAndBucketsIsAViolation() {
    AdmissionTimeline t = new AdmissionTimeline(300, 0.1, List.of(
        new AdmissionTimeline.Step("C joins", "A+B+C", T0 - 950, T0 + 5000)))
        .add("A", run(1, T0 - 900, T0 + 3000, 20))
        .add("B", run(1, T0 - 500, T0 + 3000, 20));
    // each alone: 300/s, buckets of 30; 400 a second is above 330 + 60, in 3 whole seconds
    assertThat(t.violations()).hasSize(3).allMatch(v -> v.contains("400 admitted"));
  }

  @Test
  void theChildCountsWindowsAndLeavesWhenTold() {
    try (RemoteParticipantProcess child = RemoteParticipantProcess.start(
        RemoteRateLimiter.class.getName(), "limiter", List.of("memory://child/limiter-test",
            "api", "limits/api", "50", "5000", "deferred"))) {
      Duration start = Duration.ofSeconds(60);
      child.waitFor("CONNECTED", start);
      child.send("OPEN");
      child.waitFor("READY", start);
      child.waitFor("MEMBERS 1", start);
      int mark = child.lineCount();
      child.waitFor("WINDOW \\d+ \\d+ \\d+", mark, start);
      child.waitFor("WINDOW \\d+ \\d+ \\d+", child.lineCount(), start);
      child.send("EXIT");
      child.waitFor("EXITED", start);
      assertThat(child.awaitExit(start)).as("exit status").isZero();
      AdmissionTimeline t = new AdmissionTimeline(50, 0.1, List.of()).add("c", child.lines());
      assertThat(t.seconds()).isNotEmpty();
      long total = t.seconds().stream().mapToLong(AdmissionTimeline.Second::total).sum();
      assertThat(total).as("admitted at 50/s in the child's short life").isPositive();
    }
  }
}
