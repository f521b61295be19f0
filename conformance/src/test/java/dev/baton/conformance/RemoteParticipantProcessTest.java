package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The child-process participant of the §4/§5 contracts works under Surefire: its class path
 * reaches the child (also from a manifest-only booter jar), the line protocol round-trips, pause
 * and resume hold back and release a command, and the child leaves when told or when its stdin
 * ends. The child runs on its own in-process memory:// store, so it is the only participant.
 */
class RemoteParticipantProcessTest {
  private static final Duration START = Duration.ofSeconds(60);

  @Test
  void childJoinsWritesAndExitsOnCommand() {
    try (RemoteParticipantProcess child = RemoteParticipantProcess.start(
        "memory://child/remote-test", "election", "child-1", Duration.ofSeconds(5))) {
      child.waitFor("READY", START);
      assertThat(child.waitForGroup("ELECTED (\\d+)", 0, START)).isNotBlank();
      assertThat(child.grantedSessionTtl()).contains(Duration.ofSeconds(5));

      child.send("WRITE some/key a value with spaces");
      child.waitFor("WRITE-OK some/key \\d+", START);
      child.send("no such command");
      child.waitFor("ERROR unknown command: no such command", START);

      child.send("EXIT");
      child.waitFor("REVOKED CLOSED", START);
      child.waitFor("EXITED", START);
      assertThat(child.awaitExit(START)).as("exit status").isZero();
    }
  }

  @Test
  void pausedChildAnswersOnlyAfterResume() {
    try (RemoteParticipantProcess child = RemoteParticipantProcess.start(
        "memory://child/remote-test", "election", "child-2", Duration.ofSeconds(5))) {
      child.waitFor("ELECTED \\d+", START);
      child.pause();
      int mark = child.lineCount();
      child.send("WRITE paused/key v");
      assertThat(child.isAlive()).isTrue();
      child.resume();
      child.waitFor("WRITE-OK paused/key \\d+", mark, START);
    }
  }

  @Test
  void childExitsWhenItsStdinEnds() {
    RemoteParticipantProcess child = RemoteParticipantProcess.start(
        "memory://child/remote-test", "election", "child-3", Duration.ofSeconds(5));
    try {
      child.waitFor("READY", START);
      child.closeStdin();
      child.waitFor("EXITED", START);
      assertThat(child.awaitExit(START)).isZero();
    } finally {
      child.close();
    }
  }

  @Test
  void killedChildIsGone() {
    try (RemoteParticipantProcess child = RemoteParticipantProcess.start(
        "memory://child/remote-test", "election", "child-4", Duration.ofSeconds(5))) {
      child.waitFor("READY", START);
      child.kill();
      assertThat(child.isAlive()).isFalse();
    }
  }
}
