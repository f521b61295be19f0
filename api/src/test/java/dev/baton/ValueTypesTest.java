package dev.baton;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small value types of the API: entries, key states, latch options, errors. */
class ValueTypesTest {

  @Test
  void entryCopiesItsValueInAndOut() {
    byte[] value = utf8("v1");
    Entry e = new Entry("k", value, 1, 7);
    value[0] = 'X';
    assertThat(e.valueAsString()).as("the entry must not follow the caller's array").isEqualTo("v1");
    e.value()[0] = 'Y';
    assertThat(e.valueAsString()).as("the entry must not follow a returned array").isEqualTo("v1");
    assertThat(e.size()).isEqualTo(2);
    assertThat(e.valueEquals(utf8("v1"))).isTrue();
    assertThat(e.valueEquals(utf8("v2"))).isFalse();
  }

  @Test
  void entryRefusesVersionOrRevisionBelowOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Entry("k", new byte[0], 0, 1))
        .withMessage("version must be >= 1, but was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Entry("k", new byte[0], 1, 0))
        .withMessage("revision must be >= 1, but was 0");
    assertThatNullPointerException().isThrownBy(() -> new Entry(null, new byte[0], 1, 1));
    assertThatNullPointerException().isThrownBy(() -> new Entry("k", null, 1, 1));
  }

  @Test
  void entryEqualityIncludesValueVersionAndRevision() {
    Entry e = new Entry("k", utf8("v"), 2, 9);
    assertThat(e).isEqualTo(new Entry("k", utf8("v"), 2, 9)).hasSameHashCodeAs(new Entry("k", utf8("v"), 2, 9));
    assertThat(e).isNotEqualTo(new Entry("k", utf8("w"), 2, 9));
    assertThat(e).isNotEqualTo(new Entry("k", utf8("v"), 3, 9));
    assertThat(e).isNotEqualTo(new Entry("k", utf8("v"), 2, 10));
    assertThat(e).isNotEqualTo(new Entry("j", utf8("v"), 2, 9));
  }

  @Test
  void entryToStringShowsSizeNotContent() {
    assertThat(new Entry("db/password", utf8("hunter2"), 1, 3))
        .hasToString("Entry[key=db/password, version=1, revision=3, size=7]");
  }

  @Test
  void keyStatePresentAndAbsent() {
    Entry e = new Entry("k", utf8("v"), 1, 5);
    KeyState present = KeyState.present(e);
    assertThat(present.exists()).isTrue();
    assertThat(present.revision()).isEqualTo(5);
    assertThat(present.entry()).contains(e);
    KeyState absent = KeyState.absent("k", 6);
    assertThat(absent.exists()).isFalse();
    assertThat(absent.entry()).isEmpty();
    assertThat(absent.revision()).isEqualTo(6);
    assertThat(KeyState.absent("k", 0).revision()).as("0: nothing known").isZero();
  }

  @Test
  void keyStateRefusesInconsistentRevisions() {
    Entry e = new Entry("k", utf8("v"), 1, 5);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new KeyState("k", Optional.of(e), 6))
        .withMessage("revision 6 differs from the entry's 5");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KeyState.absent("k", -1))
        .withMessage("revision must be >= 0, but was -1");
  }

  @Test
  void latchOptionsAcceptReasonableIds() {
    assertThat(LatchOptions.participant("node-7").participantId()).isEqualTo("node-7");
    assertThat(LatchOptions.participant("host:1234 (pid 99)").participantId()).contains("pid");
    assertThat(LatchOptions.participant("x".repeat(256)).participantId()).hasSize(256);
    assertThat(LatchOptions.participant("\u00e9".repeat(128)).participantId()).hasSize(128);
  }

  @Test
  void latchOptionsRefuseEmptyLongOrControlCharacterIds() {
    for (String bad : List.of("", "x".repeat(257), "\u00e9".repeat(129), "a\nb", "tab\there", "\u0000")) {
      assertThatIllegalArgumentException()
          .as("participant id of %d chars", bad.length())
          .isThrownBy(() -> LatchOptions.participant(bad))
          .withMessageContaining("it must be 1 to 256 UTF-8 bytes without control characters");
    }
    assertThatNullPointerException().isThrownBy(() -> LatchOptions.participant(null));
  }

  @Test
  void liveValueErrorDescribesKeyRevisionAndReason() {
    LiveValueError error =
        new LiveValueError("checkout/rate-limit", 42, new IllegalArgumentException("'x' is not an integer"));
    assertThat(error.describe())
        .isEqualTo("refused value of 'checkout/rate-limit' at revision 42: 'x' is not an integer");
    assertThatNullPointerException().isThrownBy(() -> new LiveValueError(null, 1, new RuntimeException()));
    assertThatNullPointerException().isThrownBy(() -> new LiveValueError("k", 1, null));
  }

  @Test
  void notLeaderExceptionNamesElectionAndEpoch() {
    NotLeaderException e = new NotLeaderException("billing", 17, "the latch node is gone");
    assertThat(e.election()).isEqualTo("billing");
    assertThat(e.epoch()).isEqualTo(17);
    assertThat(e)
        .isInstanceOf(BatonException.class)
        .hasMessage("not leader of election 'billing' (term epoch 17 has ended): the latch node is gone");
  }

  @Test
  void exceptionsAreUncheckedUnderOneBase() {
    assertThat(new BatonTimeoutException("t")).isInstanceOf(BatonException.class);
    assertThat(new ConnectionException("c", new RuntimeException())).isInstanceOf(BatonException.class);
    assertThat(new CoordinatorClosedException("x")).isInstanceOf(BatonException.class);
    assertThat(new BatonException("b")).isInstanceOf(RuntimeException.class);
  }

  @Test
  void prefixChangeCopiesItsStates() {
    List<KeyState> states = new ArrayList<>(List.of(KeyState.absent("a", 1)));
    PrefixChange change = new PrefixChange("", states, 1, true);
    states.add(KeyState.absent("b", 2));
    assertThat(change.states()).hasSize(1);
    assertThatThrownBy(() -> change.states().add(KeyState.absent("c", 3)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatNullPointerException().isThrownBy(() -> new PrefixChange(null, List.of(), 0, true));
  }

  @Test
  void onlyConnectedAndReconnectedAreConnected() {
    assertThat(ConnectionState.CONNECTED.isConnected()).isTrue();
    assertThat(ConnectionState.RECONNECTED.isConnected()).isTrue();
    assertThat(ConnectionState.SUSPENDED.isConnected()).isFalse();
    assertThat(ConnectionState.LOST.isConnected()).isFalse();
    assertThat(ConnectionState.CLOSED.isConnected()).isFalse();
  }

  @Test
  void leaderInfoRefusesNulls() {
    assertThat(new LeaderInfo("e", "p", 3).epoch()).isEqualTo(3);
    assertThatNullPointerException().isThrownBy(() -> new LeaderInfo(null, "p", 1));
    assertThatNullPointerException().isThrownBy(() -> new LeaderInfo("e", null, 1));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }
}
