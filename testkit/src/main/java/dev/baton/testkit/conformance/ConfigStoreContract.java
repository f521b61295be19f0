package dev.baton.testkit.conformance;

import static dev.baton.testkit.conformance.ContractChecks.CONVERGE;
import static dev.baton.testkit.conformance.ContractChecks.bounded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AsyncConfigStore;
import dev.baton.BatonTimeoutException;
import dev.baton.Codec;
import dev.baton.ConfigStore;
import dev.baton.ConnectionState;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.Keys;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3, the configuration store: the operations and their results, versions and revisions,
 * the key and value rules (checked before anything is sent), async variants, the operation timeout
 * and ephemeral keys.
 */
public abstract class ConfigStoreContract extends ContractSupport {

  // ---- get, put, versions and revisions ----------------------------------------------------

  /** DESIGN §3 (Operations): get of a key that does not exist is empty, not an exception. */
  @Test
  void s3_getOfAMissingKeyIsEmpty() {
    ConfigStore config = coordinator().config();
    assertThat(config.get("missing")).as("get of a key never written").isEmpty();
    assertThat(config.get("missing/deeper")).as("get of a deeper key never written").isEmpty();
  }

  /** DESIGN §3 (Entries): put creates a key at version 1; get returns the same entry. */
  @Test
  void s3_putCreatesVersionOneAndGetReturnsTheSameEntry() {
    ConfigStore config = coordinator().config();
    Entry put = config.put("app/limit", bytes("100"));

    assertThat(put.key()).as("key of the entry put returned").isEqualTo("app/limit");
    assertThat(put.valueAsString()).as("value of the entry put returned").isEqualTo("100");
    assertThat(put.version()).as("version of a newly created key").isEqualTo(1);
    assertThat(put.revision()).as("revision of a write").isPositive();
    assertThat(config.get("app/limit"))
        .as("get right after put: the same key, value, version and revision").contains(put);
  }

  /** DESIGN §3 (Entries): every write adds one to version and gives a higher revision. */
  @Test
  void s3_everyWriteAddsOneToVersionAndRaisesRevision() {
    ConfigStore config = coordinator().config();
    Entry previous = config.put("k", bytes("v1"));
    for (int i = 2; i <= 5; i++) {
      Entry next = i % 2 == 0
          ? config.put("k", bytes("v" + i))
          : config.compareAndSet("k", previous.version(), bytes("v" + i)).orElseThrow();
      assertThat(next.version())
          .as("version after write %s (previous %s)", i, previous).isEqualTo(previous.version() + 1);
      assertThat(next.revision())
          .as("revision after write %s must exceed the previous write's (%s)", i, previous)
          .isGreaterThan(previous.revision());
      previous = next;
    }
    assertThat(config.get("k")).as("get after five writes").contains(previous);
  }

  /**
   * DESIGN §3 (Entries): after delete and re-create, version starts again at 1 while revision keeps
   * increasing.
   */
  @Test
  void s3_deleteAndRecreateRestartsVersionButNotRevision() {
    ConfigStore config = coordinator().config();
    config.put("k", bytes("a"));
    config.put("k", bytes("b"));
    Entry beforeDelete = config.put("k", bytes("c"));
    assertThat(beforeDelete.version()).as("version after three writes").isEqualTo(3);

    assertThat(config.delete("k")).as("delete of an existing key").isTrue();
    assertThat(config.get("k")).as("get after delete").isEmpty();
    Entry recreated = config.put("k", bytes("d"));

    assertThat(recreated.version()).as("version of a key re-created after delete").isEqualTo(1);
    assertThat(recreated.revision())
        .as("revision of the re-created key must exceed that of the state before the delete (%s)",
            beforeDelete)
        .isGreaterThan(beforeDelete.revision());
    assertThat(config.get("k")).as("get of the re-created key").contains(recreated);
  }

  /** DESIGN §3 (Entries): revision is store-wide: it orders writes of any key by any client. */
  @Test
  void s3_revisionsStrictlyIncreaseAcrossKeysAndClients() {
    ConfigStore a = coordinator().config();
    ConfigStore b = coordinator().config();
    List<Entry> writes = new ArrayList<>();
    writes.add(a.put("x", bytes("1")));
    writes.add(b.put("y", bytes("1")));
    writes.add(a.put("x", bytes("2")));
    writes.add(b.put("z/deep", bytes("1")));
    assertThat(b.delete("y")).isTrue();
    writes.add(a.put("y", bytes("again")));
    writes.add(b.compareAndSet("x", 2, bytes("3")).orElseThrow());

    for (int i = 1; i < writes.size(); i++) {
      assertThat(writes.get(i).revision())
          .as("revision of write %s (%s) must exceed that of the write before it (%s), whatever"
              + " the key and the client", i + 1, writes.get(i), writes.get(i - 1))
          .isGreaterThan(writes.get(i - 1).revision());
    }
    assertThat(writes.get(4).version()).as("version of 'y' re-created after delete").isEqualTo(1);
    assertThat(a.list("")).as("list sees the latest entries with their revisions")
        .containsExactly(writes.get(5), writes.get(4), writes.get(3));
  }

  /** DESIGN §3 (Entries): the value is an immutable copy, in and out. */
  @Test
  void s3_valuesAreCopiedInAndOut() {
    ConfigStore config = coordinator().config();
    byte[] in = {1, 2, 3};
    Entry put = config.put("k", in);
    in[0] = 9;
    byte[] out = put.value();
    out[1] = 9;

    assertThat(put.value()).as("value of the returned entry after the caller changed arrays")
        .containsExactly(1, 2, 3);
    Entry read = config.get("k").orElseThrow();
    assertThat(read.value()).as("stored value after the caller changed its array")
        .containsExactly(1, 2, 3);
    read.value()[2] = 9;
    assertThat(config.get("k").orElseThrow().value()).as("stored value after changing a copy")
        .containsExactly(1, 2, 3);
  }

  /** DESIGN §3 (Values): an empty value is a value: the key exists. */
  @Test
  void s3_emptyValueIsAValue() {
    ConfigStore config = coordinator().config();
    Entry put = config.put("empty", new byte[0]);
    assertThat(put.version()).as("version of a key created with an empty value").isEqualTo(1);
    assertThat(config.get("empty")).as("get of a key holding an empty value").contains(put);
    assertThat(config.list("")).as("list shows a key holding an empty value").containsExactly(put);
    assertThat(config.putIfAbsent("empty", bytes("x")))
        .as("putIfAbsent on a key holding an empty value (it exists)").isEmpty();
    assertThat(config.compareAndSet("empty", 1, new byte[0]).map(Entry::version))
        .as("compareAndSet at version 1 of a key holding an empty value").contains(2L);
  }

  // ---- compare operations -------------------------------------------------------------------

  /** DESIGN §3 (Operations): putIfAbsent creates only when absent; else empty, value unchanged. */
  @Test
  void s3_putIfAbsentCreatesOnlyWhenAbsent() {
    ConfigStore config = coordinator().config();
    Optional<Entry> created = config.putIfAbsent("k", bytes("first"));
    assertThat(created).as("putIfAbsent of a missing key").isPresent();
    assertThat(created.get().version()).as("version of a key made by putIfAbsent").isEqualTo(1);

    assertThat(config.putIfAbsent("k", bytes("second")))
        .as("putIfAbsent of an existing key is a failed compare: empty, not an exception")
        .isEmpty();
    assertThat(config.get("k")).as("the key after a failed putIfAbsent").isEqualTo(created);

    config.delete("k");
    assertThat(config.putIfAbsent("k", bytes("third")).map(Entry::version))
        .as("putIfAbsent after the key was deleted creates it again at version 1").contains(1L);
  }

  /** DESIGN §3 (Operations): compareAndSet with expected version 0 means "must not exist". */
  @Test
  void s3_compareAndSetWithVersionZeroMeansMustNotExist() {
    ConfigStore config = coordinator().config();
    Optional<Entry> created = config.compareAndSet("k", 0, bytes("first"));
    assertThat(created.map(Entry::version)).as("compareAndSet(k, 0) of a missing key").contains(1L);
    assertThat(config.compareAndSet("k", 0, bytes("second")))
        .as("compareAndSet(k, 0) of an existing key is a failed compare: empty").isEmpty();
    assertThat(config.get("k")).as("the key after a failed compareAndSet").isEqualTo(created);
    config.delete("k");
    assertThat(config.compareAndSet("k", 0, bytes("third")).map(Entry::version))
        .as("compareAndSet(k, 0) after delete").contains(1L);
  }

  /** DESIGN §3 (Operations): compareAndSet writes only when the version matches. */
  @Test
  void s3_compareAndSetWritesOnlyOnTheExpectedVersion() {
    ConfigStore config = coordinator().config();
    Entry v1 = config.put("k", bytes("one"));
    Optional<Entry> v2 = config.compareAndSet("k", 1, bytes("two"));
    assertThat(v2).as("compareAndSet at the current version 1").isPresent();
    assertThat(v2.get().version()).as("version after a successful compareAndSet").isEqualTo(2);
    assertThat(v2.get().revision()).as("revision after compareAndSet").isGreaterThan(v1.revision());

    assertThat(config.compareAndSet("k", 1, bytes("stale")))
        .as("compareAndSet at a stale version is a failed compare: empty, not an exception")
        .isEmpty();
    assertThat(config.compareAndSet("k", 7, bytes("future")))
        .as("compareAndSet at a version the key never had").isEmpty();
    assertThat(config.get("k")).as("the key after failed compares").isEqualTo(v2);

    assertThat(config.compareAndSet("missing", 1, bytes("x")))
        .as("compareAndSet at version 1 of a key that does not exist").isEmpty();
    assertThat(config.get("missing")).as("a missing key after a failed compareAndSet").isEmpty();
  }

  /**
   * DESIGN §3 (Entries): compareAndSet compares the version of the key as it is now; after delete
   * and re-create the old versions no longer match.
   */
  @Test
  void s3_compareAndSetAfterDeleteAndRecreateComparesTheNewVersion() {
    ConfigStore config = coordinator().config();
    config.put("k", bytes("a"));
    config.put("k", bytes("b"));
    config.put("k", bytes("c"));
    config.delete("k");
    Entry recreated = config.put("k", bytes("new"));

    assertThat(config.compareAndSet("k", 3, bytes("x")))
        .as("compareAndSet at the version the key had before delete (3)").isEmpty();
    assertThat(config.deleteIfVersion("k", 3))
        .as("deleteIfVersion at the version the key had before delete (3)").isFalse();
    assertThat(config.get("k")).as("the re-created key after failed compares").contains(recreated);
    assertThat(config.compareAndSet("k", 1, bytes("y")).map(Entry::version))
        .as("compareAndSet at the re-created key's version 1").contains(2L);
  }

  /** DESIGN §3 (Operations): a negative expected version is bad input, refused. */
  @Test
  void s3_negativeExpectedVersionIsRefused() {
    ConfigStore config = coordinator().config();
    config.put("k", bytes("v"));
    assertThatThrownBy(() -> config.compareAndSet("k", -1, bytes("x")))
        .as("compareAndSet with expected version -1").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config.deleteIfVersion("k", -1))
        .as("deleteIfVersion with expected version -1").isInstanceOf(IllegalArgumentException.class);
    assertThat(config.get("k").map(Entry::valueAsString)).as("the key after refused calls")
        .contains("v");
  }

  /** DESIGN §3 (Operations): delete tells whether the key existed. */
  @Test
  void s3_deleteTellsWhetherTheKeyExisted() {
    ConfigStore config = coordinator().config();
    config.put("k", bytes("v"));
    config.put("k/child", bytes("v"));
    assertThat(config.delete("k")).as("delete of an existing key").isTrue();
    assertThat(config.get("k")).as("get after delete").isEmpty();
    assertThat(config.delete("k")).as("delete of a key already deleted").isFalse();
    assertThat(config.delete("never")).as("delete of a key never written").isFalse();
    assertThat(config.get("k/child").map(Entry::valueAsString))
        .as("a key below a deleted key is a key of its own and stays").contains("v");
  }

  /** DESIGN §3 (Operations): deleteIfVersion deletes only at the expected version. */
  @Test
  void s3_deleteIfVersionDeletesOnlyOnTheExpectedVersion() {
    ConfigStore config = coordinator().config();
    config.put("k", bytes("a"));
    Entry v2 = config.put("k", bytes("b"));
    assertThat(config.deleteIfVersion("k", 1))
        .as("deleteIfVersion at a stale version is a failed compare: false, not an exception")
        .isFalse();
    assertThat(config.get("k")).as("the key after a failed deleteIfVersion").contains(v2);
    assertThat(config.deleteIfVersion("k", 2)).as("deleteIfVersion at the current version").isTrue();
    assertThat(config.get("k")).as("the key after deleteIfVersion").isEmpty();
    assertThat(config.deleteIfVersion("k", 2)).as("deleteIfVersion of a deleted key").isFalse();
    assertThat(config.deleteIfVersion("never", 1)).as("deleteIfVersion of a missing key").isFalse();
  }

  /** DESIGN §3 (Operations): compare-and-set is atomic: of racing writers at one version, one wins. */
  @Test
  void s3_concurrentCompareAndSetHasExactlyOneWinner() throws Exception {
    List<ConfigStore> stores = List.of(
        coordinator().config(), coordinator().config(), coordinator().config());
    stores.get(0).put("k", bytes("start"));
    List<Optional<Entry>> results =
        race(12, i -> stores.get(i % 3).compareAndSet("k", 1, bytes("writer-" + i)));

    List<Entry> winners = results.stream().flatMap(Optional::stream).collect(Collectors.toList());
    assertThat(winners)
        .as("of 12 writers racing compareAndSet(k, 1, ...) from 3 clients, exactly one must win")
        .hasSize(1);
    assertThat(stores.get(1).get("k")).as("the key after the race holds the winner's write")
        .contains(winners.get(0));
    assertThat(winners.get(0).version()).as("version after the race").isEqualTo(2);
  }

  /** DESIGN §3 (Operations): putIfAbsent is atomic: of racing creators, one wins. */
  @Test
  void s3_concurrentPutIfAbsentHasExactlyOneWinner() throws Exception {
    List<ConfigStore> stores = List.of(coordinator().config(), coordinator().config());
    List<Optional<Entry>> results =
        race(10, i -> stores.get(i % 2).putIfAbsent("k", bytes("writer-" + i)));
    List<Entry> winners = results.stream().flatMap(Optional::stream).collect(Collectors.toList());
    assertThat(winners).as("of 10 racing putIfAbsent calls from 2 clients, exactly one must win")
        .hasSize(1);
    assertThat(stores.get(0).get("k")).as("the key after the race").contains(winners.get(0));
  }

  /**
   * DESIGN §3 (Operations): read-then-compareAndSet increments from several clients lose no update:
   * the final count equals the number of successful compares, and version counts every write.
   */
  @Test
  void s3_compareAndSetIncrementsLoseNoUpdate() throws Exception {
    List<ConfigStore> stores = List.of(
        coordinator().config(), coordinator().config(), coordinator().config());
    stores.get(0).put("counter", bytes("0"));
    int writers = 6;
    int increments = 10;
    race(writers, i -> {
      ConfigStore s = stores.get(i % stores.size());
      for (int n = 0; n < increments; n++) {
        while (true) {
          Entry e = s.get("counter").orElseThrow();
          int value = Integer.parseInt(e.valueAsString());
          Optional<Entry> next =
              s.compareAndSet("counter", e.version(), bytes(Integer.toString(value + 1)));
          if (next.isPresent()) {
            if (next.get().version() != e.version() + 1) {
              throw new AssertionError("compareAndSet at version " + e.version()
                  + " produced version " + next.get().version());
            }
            break;
          }
        }
      }
      return null;
    });
    Entry end = stores.get(0).get("counter").orElseThrow();
    assertThat(end.valueAsString())
        .as("counter after %s clients made %s compare-and-set increments each", writers, increments)
        .isEqualTo(Integer.toString(writers * increments));
    assertThat(end.version()).as("version after 1 put and %s increments", writers * increments)
        .isEqualTo(writers * increments + 1L);
  }

  // ---- list ---------------------------------------------------------------------------------

  /**
   * DESIGN §3 (Operations) and {@code Keys}: list(prefix) returns the subtree — the prefix itself and
   * keys below it, never a key that merely starts with the same characters — in key order.
   */
  @Test
  void s3_listReturnsTheSubtreeInKeyOrder() {
    ConfigStore config = coordinator().config();
    List<String> all = List.of(
        "b", "a/c", "a/b/c", "ab", "a", "a/b-x", "a-b", "a.b", "A", "a/B", "a/b", "zz/top");
    for (String k : all) {
      config.put(k, bytes("value of " + k));
    }

    assertThat(keys(config.list("a")))
        .as("list(\"a\"): 'a' and the keys below it, in key (String) order; not 'ab', 'a-b', 'a.b'")
        .containsExactly("a", "a/B", "a/b", "a/b-x", "a/b/c", "a/c");
    assertThat(keys(config.list("a/b")))
        .as("list(\"a/b\"): 'a/b' and below, not 'a/b-x'").containsExactly("a/b", "a/b/c");
    assertThat(keys(config.list("a/b/c"))).as("list of a leaf key").containsExactly("a/b/c");
    assertThat(keys(config.list("")))
        .as("list(\"\"): the whole namespace in key order")
        .containsExactlyElementsOf(all.stream().sorted().collect(Collectors.toList()));
    assertThat(config.list("nothing")).as("list of a prefix without keys").isEmpty();
    assertThat(config.list("zz")).as("list of a prefix that is only a parent of a key")
        .extracting(Entry::key).containsExactly("zz/top");

    for (Entry e : config.list("")) {
      assertThat(config.get(e.key())).as("list and get agree on '%s'", e.key()).contains(e);
    }
  }

  /**
   * DESIGN §3 (Keys): a key and the keys below it are independent keys. The parent of a key is not
   * a key unless written; creating it starts at version 1 (compare with 0 succeeds); deleting it
   * leaves the keys below.
   */
  @Test
  void s3_aKeyAndItsParentAreIndependentKeys() {
    ConfigStore config = coordinator().config();
    Entry leaf = config.put("p/q/r", bytes("leaf"));

    assertThat(config.get("p")).as("get of a parent that was never written").isEmpty();
    assertThat(config.get("p/q")).as("get of an intermediate path never written").isEmpty();
    assertThat(config.list("p")).as("list(\"p\") shows only keys written").containsExactly(leaf);

    Optional<Entry> middle = config.compareAndSet("p/q", 0, bytes("middle"));
    assertThat(middle.map(Entry::version))
        .as("compareAndSet(\"p/q\", 0): a parent never written does not exist").contains(1L);
    Entry top = config.put("p", bytes("top"));
    assertThat(top.version()).as("version of a parent key written for the first time")
        .isEqualTo(1);

    assertThat(config.delete("p")).as("delete of a key that has keys below it").isTrue();
    assertThat(config.get("p")).as("the parent after its delete").isEmpty();
    assertThat(config.get("p/q/r")).as("a key below a deleted parent").contains(leaf);
    assertThat(config.list("p")).as("list(\"p\") after the parent's delete")
        .containsExactly(middle.get(), leaf);

    assertThat(config.delete("p/q/r")).as("delete of the leaf").isTrue();
    assertThat(config.delete("p/q")).as("delete of the middle key").isTrue();
    assertThat(config.list("p")).as("list(\"p\") after every key was deleted").isEmpty();
    assertThat(config.putIfAbsent("p/q", bytes("again")).map(Entry::version))
        .as("putIfAbsent of the middle key after its delete").contains(1L);
  }

  /** DESIGN §3 (Operations, list): election internals never appear in list. */
  @Test
  void s3_listShowsNoElectionInternals() {
    Coordinator coord = coordinator();
    LeaderLatch latch = coord.leaderLatch("scheduler", LatchOptions.participant("p1"));
    latch.start();
    assertThat(latch.awaitLeadership(PROMPTLY)).as("the only participant is elected").isPresent();
    LeaderLatch other = coordinator().leaderLatch("scheduler", LatchOptions.participant("p2"));
    other.start();
    Entry k = coord.config().put("k", bytes("v"));

    assertThat(coord.config().list(""))
        .as("list(\"\") with an election of two participants running: only the keys written")
        .containsExactly(k);
    assertThat(coord.config().list("scheduler"))
        .as("list of the election's name").isEmpty();
  }

  // ---- key and value rules ------------------------------------------------------------------

  /** Keys that break the rule of DESIGN §3 (Keys). */
  private static final List<String> BAD_KEYS = List.of(
      "", "/a", "a/", "/", "a//b", ".", "..", "a/./b", "a/../b", "../a", "a/..", "a b", " a",
      "a\tb", "a\nb", "a:b", "a*b", "a\\b", "a?b", "a%2Fb", "clé", "ключ", "a\u0000b",
      "k".repeat(Keys.MAX_KEY_BYTES + 1), "ab/".repeat(170) + "abc");

  /**
   * DESIGN §3 (Keys): a bad key is refused by every operation with an IllegalArgumentException
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

  /** DESIGN §3 (Keys): keys at the edge of the rule are valid on every backend. */
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

  /** DESIGN §3 (Values): a value of exactly 1,000,000 bytes round-trips, through a watch too. */
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
   * DESIGN §3 (Values): a value over 1,000,000 bytes is refused with a clear exception before
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
   * DESIGN §3 (Keys, Values): bad keys and values are refused before anything is sent: with the
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

  // ---- async ----------------------------------------------------------------------------------

  /** DESIGN §3 (Operations): the async variants return the same results as the blocking ones. */
  @Test
  void s3_asyncVariantsReturnTheSameResults() throws Exception {
    ConfigStore config = coordinator().config();
    AsyncConfigStore async = config.async();

    assertThat(await(async.get("k"))).as("async get of a missing key").isEmpty();
    Entry v1 = await(async.put("k", bytes("one")));
    assertThat(v1.version()).as("async put creating a key: version").isEqualTo(1);
    assertThat(config.get("k")).as("blocking get after async put").contains(v1);
    assertThat(await(async.get("k"))).as("async get").contains(v1);

    assertThat(await(async.putIfAbsent("k", bytes("x")))).as("async putIfAbsent, key exists")
        .isEmpty();
    Optional<Entry> n = await(async.putIfAbsent("n", bytes("x")));
    assertThat(n.map(Entry::version)).as("async putIfAbsent, key missing").contains(1L);

    assertThat(await(async.compareAndSet("k", 5, bytes("x")))).as("async compareAndSet, stale")
        .isEmpty();
    Optional<Entry> v2 = await(async.compareAndSet("k", 1, bytes("two")));
    assertThat(v2.map(Entry::version)).as("async compareAndSet at the current version")
        .contains(2L);
    assertThat(v2.get().revision()).as("revision of the async compareAndSet")
        .isGreaterThan(n.get().revision());
    assertThat(await(async.compareAndSet("c", 0, bytes("c")))).as("async compareAndSet(c, 0)")
        .isPresent();

    assertThat(await(async.deleteIfVersion("k", 1))).as("async deleteIfVersion, stale").isFalse();
    assertThat(await(async.deleteIfVersion("k", 2))).as("async deleteIfVersion, current").isTrue();
    assertThat(await(async.delete("n"))).as("async delete of an existing key").isTrue();
    assertThat(await(async.delete("n"))).as("async delete of a deleted key").isFalse();

    assertThat(await(async.list(""))).as("async list equals blocking list")
        .isEqualTo(config.list("")).extracting(Entry::key).containsExactly("c");
    Entry eph = await(async.putEphemeral("eph", bytes("here")));
    assertThat(config.get("eph")).as("blocking get of a key written by async putEphemeral")
        .contains(eph);
  }

  /**
   * DESIGN §3 (Keys, Values) and {@code AsyncConfigStore}: invalid input to an async variant throws
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

  // ---- operation timeout -----------------------------------------------------------------------

  /**
   * DESIGN §3 (Operations): blocking calls honour the operation timeout. With the link blackholed,
   * get and put fail with BatonTimeoutException (the get's message naming the key) within a
   * generous bound, an async get fails the same way, and the client works again once the link
   * heals.
   */
  @Test
  void s3_blockingCallsHonourTheOperationTimeout() {
    requires(Capability.LINK_FAULTS);
    Duration operationTimeout = Duration.ofMillis(1500);
    // A long session, so that the client cannot notice the dead link before the operations time out.
    TestClient client = client(CoordinatorOptions.builder()
        .operationTimeout(operationTimeout)
        .sessionTtl(Duration.ofSeconds(30))
        .build());
    ConfigStore config = client.coordinator().config();
    config.put("timeout-probe", bytes("v"));
    client.blackholeLink();
    Duration bound = operationTimeout.plus(Duration.ofSeconds(15));

    ContractChecks.Outcome<Optional<Entry>> get =
        bounded("a get through a blackholed link", bound, () -> config.get("timeout-probe"));
    assertThat(get.failure())
        .as("a blocking get through a blackholed link, operation timeout %s: expected"
            + " BatonTimeoutException, got %s after %s", operationTimeout,
            get.failed() ? get.failure() : "a result " + get.value(), get.elapsed())
        .isInstanceOf(BatonTimeoutException.class)
        .hasMessageContaining("timeout-probe");

    ContractChecks.Outcome<Entry> put =
        bounded("a put through a blackholed link", bound,
            () -> config.put("timeout-probe", bytes("w")));
    assertThat(put.failure())
        .as("a blocking put through a blackholed link: expected BatonTimeoutException, got %s",
            put.failed() ? put.failure() : "a result " + put.value())
        .isInstanceOf(BatonTimeoutException.class);

    CompletableFuture<Optional<Entry>> future = config.async().get("timeout-probe");
    ContractChecks.Outcome<Optional<Entry>> async =
        bounded("an async get through a blackholed link", bound, () -> future.get());
    assertThat(async.failure())
        .as("an async get through a blackholed link: expected its future to fail with"
            + " BatonTimeoutException, got %s", async.failure())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(BatonTimeoutException.class);

    client.healLink();
    ContractChecks.retry("a get after the link healed", CONVERGE,
        () -> config.get("timeout-probe"));
  }

  // ---- ephemeral keys ----------------------------------------------------------------------------

  /**
   * DESIGN §3 (Ephemeral keys): an ephemeral key is an ordinary key to others and vanishes when its
   * coordinator closes — promptly, not after the session TTL (60 s here).
   */
  @Test
  void s3_ephemeralKeyVanishesWhenItsCoordinatorCloses() {
    Coordinator owner =
        client(CoordinatorOptions.builder().sessionTtl(Duration.ofSeconds(60)).build())
            .coordinator();
    Coordinator other = coordinator();
    Entry eph = owner.config().putEphemeral("members/owner", bytes("here"));
    Entry kept = owner.config().put("members/persistent", bytes("stays"));
    assertThat(eph.version()).as("version of a new ephemeral key").isEqualTo(1);
    assertThat(other.config().get("members/owner"))
        .as("another client reads the ephemeral key").contains(eph);
    RecordingWatchListener watch = new RecordingWatchListener("members/owner");
    other.config().watch("members/owner", watch);
    watch.awaitValue("here", PROMPTLY);

    owner.close();

    watch.awaitAbsent(PROMPTLY);
    assertThat(other.config().get("members/owner"))
        .as("the ephemeral key after its coordinator closed").isEmpty();
    assertThat(other.config().list("members"))
        .as("keys under 'members' after the owner closed: only the persistent one")
        .containsExactly(kept);
  }

  /**
   * DESIGN §3 (Ephemeral keys): an ephemeral key vanishes when its session expires; the owner is
   * told LOST, and the key is not re-created by itself when a new session begins.
   */
  @Test
  void s3_ephemeralKeyVanishesWhenItsSessionExpires() {
    requires(Capability.SESSION_EXPIRY);
    TestClient owner = client(shortSession());
    List<ConnectionState> states = new CopyOnWriteArrayList<>();
    owner.coordinator().onConnectionStateChange((before, after) -> states.add(after));
    Coordinator other = coordinator();
    owner.coordinator().config().putEphemeral("members/owner", bytes("here"));
    Entry kept = owner.coordinator().config().put("members/persistent", bytes("stays"));
    RecordingWatchListener watch = new RecordingWatchListener("members/owner");
    other.config().watch("members/owner", watch);
    watch.awaitValue("here", PROMPTLY);

    owner.expireSession();

    watch.awaitAbsent(target().shortSessionTtl().plus(CONVERGE));
    Wait.until("the owner to be told LOST", CONVERGE, () -> List.copyOf(states),
        s -> s.contains(ConnectionState.LOST));
    ContractChecks.retry("a write by the owner in its new session", CONVERGE,
        () -> owner.coordinator().config().put("marker", bytes("m")));
    RecordingWatchListener marker = new RecordingWatchListener("marker");
    other.config().watch("marker", marker);
    marker.awaitValue("m", PROMPTLY);
    assertThat(other.config().get("members/owner"))
        .as("the ephemeral key once the owner has a new session (not re-created by itself)")
        .isEmpty();
    assertThat(other.config().get("members/persistent"))
        .as("a persistent key of the expired session").contains(kept);
  }

  /**
   * DESIGN §3 (Ephemeral keys): an ephemeral key vanishes when its owner is cut off for longer than
   * the session TTL; once the link heals, the owner has been told LOST.
   */
  @Test
  void s3_ephemeralKeyVanishesWhenItsOwnerIsCutOff() {
    requires(Capability.LINK_FAULTS);
    TestClient owner = client(shortSession());
    List<ConnectionState> states = new CopyOnWriteArrayList<>();
    owner.coordinator().onConnectionStateChange((before, after) -> states.add(after));
    Coordinator other = coordinator();
    owner.coordinator().config().putEphemeral("members/owner", bytes("here"));
    RecordingWatchListener watch = new RecordingWatchListener("members/owner");
    other.config().watch("members/owner", watch);
    watch.awaitValue("here", PROMPTLY);

    owner.cutLink();

    watch.awaitAbsent(target().shortSessionTtl().plus(CONVERGE));
    owner.healLink();
    Wait.until("the owner to be told LOST after its session expired while cut off", CONVERGE,
        () -> List.copyOf(states), s -> s.contains(ConnectionState.LOST));
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private static List<String> keys(List<Entry> entries) {
    return entries.stream().map(Entry::key).collect(Collectors.toList());
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs {@code n} calls at once (released together) and returns their results in order. */
  private static <T> List<T> race(int n, RaceCall<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "conformance-race");
      t.setDaemon(true);
      return t;
    });
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int id = i;
        futures.add(pool.submit(() -> {
          start.await();
          return call.run(id);
        }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface RaceCall<T> {
    T run(int id) throws Exception;
  }

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
