package dev.baton.conformance;

import static dev.baton.conformance.ContractChecks.bounded;
import static dev.baton.conformance.ContractChecks.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AsyncConfigStore;
import dev.baton.Codec;
import dev.baton.ConfigStore;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3 (Keys, Values), the input rules: every operation refuses a bad key, or a value over
 * 1,000,000 bytes, with an IllegalArgumentException that names the key and the rule, before
 * anything is sent (thrown at the call by the async variants, at once with the link cut); keys at
 * the edge of the rule and a value of exactly 1,000,000 bytes work.
 */
public abstract class KeyValueRuleContract extends ContractSupport {
  // ---- key and value rules ------------------------------------------------------------------

  /** Keys that break the rule of CONTRACT §3 (Keys). */
  private static final List<String> BAD_KEYS = List.of(
      "", "/a", "a/", "/", "a//b", ".", "..", "a/./b", "a/../b", "../a", "a/..", "a b", " a",
      "a\tb", "a\nb", "a:b", "a*b", "a\\b", "a?b", "a%2Fb", "clé", "ключ", "a\u0000b",
      "k".repeat(Keys.MAX_KEY_BYTES + 1), "ab/".repeat(170) + "abc");

  /**
   * CONTRACT §3 (Keys): a bad key is refused by every operation with an IllegalArgumentException
   * whose message quotes the key and the rule, and nothing is written.
   */
  @Test
  void s3_badKeysAreRefusedQuotingTheKeyAndTheRule() {
    ConfigStore config = coordinator().config();
    AsyncConfigStore async = config.async();
    List<KeyOp> ops = List.of(
        new KeyOp("get", k -> config.get(k)),
        new KeyOp("put", k -> config.put(k, bytes("v"))),
        new KeyOp("putIfAbsent", k -> config.putIfAbsent(k, bytes("v"))),
        new KeyOp("compareAndSet", k -> config.compareAndSet(k, 0, bytes("v"))),
        new KeyOp("delete", k -> config.delete(k)),
        new KeyOp("deleteIfVersion", k -> config.deleteIfVersion(k, 1)),
        new KeyOp("putEphemeral", k -> config.putEphemeral(k, bytes("v"))),
        new KeyOp("list", k -> config.list(k)),
        new KeyOp("watch", k -> config.watch(k, s -> {}).close()),
        new KeyOp("watchPrefix", k -> config.watchPrefix(k, c -> {}).close()),
        new KeyOp("live", k -> config.live(k, Codec.string(), "d").close()),
        new KeyOp("async get", k -> async.get(k)),
        new KeyOp("async put", k -> async.put(k, bytes("v"))),
        new KeyOp("async compareAndSet", k -> async.compareAndSet(k, 0, bytes("v"))),
        new KeyOp("async delete", k -> async.delete(k)),
        new KeyOp("async list", k -> async.list(k)),
        new KeyOp("async putEphemeral", k -> async.putEphemeral(k, bytes("v"))));

    List<String> wrong = new ArrayList<>();
    for (String key : BAD_KEYS) {
      for (KeyOp op : ops) {
        boolean takesPrefix = op.name.contains("list") || op.name.contains("Prefix");
        if (key.isEmpty() && takesPrefix) {
          continue; // "" is a valid prefix: the whole namespace
        }
        try {
          op.call.accept(key);
          wrong.add(op.name + "(" + printable(key) + ") was accepted");
        } catch (IllegalArgumentException e) {
          String m = String.valueOf(e.getMessage());
          boolean quotesKey = !isPrintable(key) || m.contains("'" + key + "'");
          if (!quotesKey || !m.contains("[A-Za-z0-9._-]+")) {
            wrong.add(op.name + "(" + printable(key) + "): message does not quote the key in ''"
                + " and the rule: " + m);
          }
        } catch (RuntimeException e) {
          wrong.add(op.name + "(" + printable(key) + ") threw " + e + " instead of an"
              + " IllegalArgumentException");
        }
      }
    }
    assertThat(wrong).as("every operation must refuse every bad key with an"
        + " IllegalArgumentException quoting the key and the rule; these did not").isEmpty();
    assertThat(config.list("")).as("keys in the namespace after only bad keys were used")
        .isEmpty();
  }

  /** CONTRACT §3 (Keys): keys at the edge of the rule are valid on every backend. */
  @Test
  void s3_keysAtTheEdgeOfTheRuleWork() {
    ConfigStore config = coordinator().config();
    List<String> edge = List.of(
        "A-Z.0_9", ".hidden", "trailing.", "...", "-", "_", "x/.y/z.", "a/b/c/d/e/f/g/h/i/j",
        "k".repeat(Keys.MAX_KEY_BYTES), "ab/".repeat(170) + "ab");
    for (String key : edge) {
      Entry e = config.put(key, bytes("v:" + key.length()));
      assertThat(e.key()).as("key of the entry for valid key '%s'", key).isEqualTo(key);
      assertThat(config.get(key)).as("get of valid key '%s'", key).contains(e);
    }
    assertThat(keys(config.list("")))
        .as("list(\"\") of every edge key").containsExactlyElementsOf(
            edge.stream().sorted().collect(Collectors.toList()));
    for (String key : edge) {
      assertThat(config.delete(key)).as("delete of valid key '%s'", key).isTrue();
    }
  }

  /** CONTRACT §3 (Values): a value of exactly 1,000,000 bytes round-trips, through a watch too. */
  @Test
  void s3_valueOfOneMillionBytesRoundTrips() {
    ConfigStore config = coordinator().config();
    byte[] big = ContractChecks.randomBytes(Keys.MAX_VALUE_BYTES, 42);
    RecordingWatchListener watch = new RecordingWatchListener("big");
    coordinator().config().watch("big", watch);
    watch.awaitFirst(PROMPTLY);

    Entry put = config.put("big", big);

    assertThat(put.size()).as("size of the entry of a 1,000,000-byte value").isEqualTo(big.length);
    Entry read = config.get("big").orElseThrow();
    assertThat(read.valueEquals(big)).as("the 1,000,000-byte value read back is byte-identical")
        .isTrue();
    assertThat(config.list("big").get(0).valueEquals(big)).as("the value as listed").isTrue();
    KeyState state = watch.awaitLast("the 1,000,000-byte value", PROMPTLY, s -> s.exists());
    assertThat(state.entry().get().valueEquals(big)).as("the value as a watch delivered it")
        .isTrue();
    byte[] other = ContractChecks.randomBytes(Keys.MAX_VALUE_BYTES, 7);
    assertThat(config.compareAndSet("big", 1, other).map(e -> e.valueEquals(other)))
        .as("compareAndSet with a 1,000,000-byte value").contains(true);
  }

  /**
   * CONTRACT §3 (Values): a value over 1,000,000 bytes is refused with a clear exception before
   * anything is sent, by every writing operation; the key is untouched.
   */
  @Test
  void s3_valueOverOneMillionBytesIsRefused() {
    ConfigStore config = coordinator().config();
    config.put("kept", bytes("small"));
    byte[] tooBig = new byte[Keys.MAX_VALUE_BYTES + 1];
    AsyncConfigStore async = config.async();
    List<KeyOp> ops = List.of(
        new KeyOp("put", k -> config.put(k, tooBig)),
        new KeyOp("putIfAbsent", k -> config.putIfAbsent(k, tooBig)),
        new KeyOp("compareAndSet", k -> config.compareAndSet(k, 1, tooBig)),
        new KeyOp("putEphemeral", k -> config.putEphemeral(k, tooBig)),
        new KeyOp("async put", k -> async.put(k, tooBig)),
        new KeyOp("async putIfAbsent", k -> async.putIfAbsent(k, tooBig)),
        new KeyOp("async compareAndSet", k -> async.compareAndSet(k, 1, tooBig)),
        new KeyOp("async putEphemeral", k -> async.putEphemeral(k, tooBig)));
    for (String key : List.of("kept", "new")) {
      for (KeyOp op : ops) {
        assertThatThrownBy(() -> op.call.accept(key))
            .as("%s of a 1,000,001-byte value to '%s': expected an IllegalArgumentException"
                + " naming the key and the limit", op.name, key)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(key)
            .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("1000000", "1,000,000",
                "1000001", "1,000,001"));
      }
    }
    assertThat(config.get("kept").map(Entry::valueAsString))
        .as("a key after refused oversized writes").contains("small");
    assertThat(config.get("kept").map(Entry::version)).as("its version").contains(1L);
    assertThat(config.get("new")).as("a missing key after refused oversized writes").isEmpty();
  }

  /**
   * CONTRACT §3 (Keys, Values): bad keys and values are refused before anything is sent: with the
   * client's link cut, they still fail at once with IllegalArgumentException, not a connection
   * error or a timeout.
   */
  @Test
  void s3_badInputIsRefusedBeforeAnyIo() {
    requires(Capability.LINK_FAULTS);
    TestClient client = client();
    ConfigStore config = client.coordinator().config();
    config.put("k", bytes("v"));
    client.cutLink();

    List<KeyOp> ops = List.of(
        new KeyOp("put with a bad key", k -> config.put("bad//key", bytes("v"))),
        new KeyOp("get with a bad key", k -> config.get("../escape")),
        new KeyOp("list with a bad prefix", k -> config.list("/abs")),
        new KeyOp("put of 1,000,001 bytes", k -> config.put(k, new byte[Keys.MAX_VALUE_BYTES + 1])),
        new KeyOp("compareAndSet at version -1", k -> config.compareAndSet(k, -1, bytes("v"))),
        new KeyOp("async put with a bad key", k -> config.async().put("a b", bytes("v"))));
    for (KeyOp op : ops) {
      ContractChecks.Outcome<Object> outcome = bounded(op.name + " with the link cut", PROMPTLY,
          () -> {
            op.call.accept("k");
            return null;
          });
      assertThat(outcome.failure())
          .as("%s while the link is cut: expected IllegalArgumentException before any I/O, got %s",
              op.name, outcome.failure())
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /**
   * CONTRACT §3 (Keys, Values) and {@code AsyncConfigStore}: invalid input to an async variant throws
   * IllegalArgumentException at the call, before any future is made.
   */
  @Test
  void s3_asyncBadInputThrowsAtTheCall() {
    AsyncConfigStore async = coordinator().config().async();
    List<KeyOp> ops = List.of(
        new KeyOp("async get(\"a//b\")", k -> async.get("a//b")),
        new KeyOp("async put(\"/a\")", k -> async.put("/a", bytes("v"))),
        new KeyOp("async putIfAbsent(\"..\")", k -> async.putIfAbsent("..", bytes("v"))),
        new KeyOp("async delete(\"a b\")", k -> async.delete("a b")),
        new KeyOp("async deleteIfVersion(k, -1)", k -> async.deleteIfVersion(k, -1)),
        new KeyOp("async compareAndSet(k, -1)", k -> async.compareAndSet(k, -1, bytes("v"))),
        new KeyOp("async list(\"a/\")", k -> async.list("a/")),
        new KeyOp("async put of 1,000,001 bytes",
            k -> async.put(k, new byte[Keys.MAX_VALUE_BYTES + 1])));
    for (KeyOp op : ops) {
      assertThatThrownBy(() -> op.call.accept("k"))
          .as("%s: expected an IllegalArgumentException thrown at the call, not a failed future",
              op.name)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private record KeyOp(String name, Consumer<String> call) {}

  private static boolean isPrintable(String s) {
    return s.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }

  private static String printable(String s) {
    String p = s.length() > 40 ? s.substring(0, 37) + "...(" + s.length() + " chars)" : s;
    StringBuilder out = new StringBuilder("\"");
    for (char c : p.toCharArray()) {
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.append('"').toString();
  }
}
