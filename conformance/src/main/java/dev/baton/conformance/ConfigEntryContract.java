package dev.baton.conformance;

import static dev.baton.conformance.ContractChecks.keys;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ConfigStore;
import dev.baton.Coordinator;
import dev.baton.Entry;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3, entries of the configuration store: get and put, versions (1 when created, one more
 * for every write, 1 again after delete and re-create) and store-wide revisions, values copied in
 * and out, empty values, and list(prefix): the subtree in key order, a parent as a key of its own,
 * no election internals.
 */
public abstract class ConfigEntryContract extends ContractSupport {
  // ---- get, put, versions and revisions ----------------------------------------------------

  /** CONTRACT §3 (Operations): get of a key that does not exist is empty, not an exception. */
  @Test
  void s3_getOfAMissingKeyIsEmpty() {
    ConfigStore config = coordinator().config();
    assertThat(config.get("missing")).as("get of a key never written").isEmpty();
    assertThat(config.get("missing/deeper")).as("get of a deeper key never written").isEmpty();
  }

  /** CONTRACT §3 (Entries): put creates a key at version 1; get returns the same entry. */
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

  /** CONTRACT §3 (Entries): every write adds one to version and gives a higher revision. */
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
   * CONTRACT §3 (Entries): after delete and re-create, version starts again at 1 while revision keeps
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

  /** CONTRACT §3 (Entries): revision is store-wide: it orders writes of any key by any client. */
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

  /** CONTRACT §3 (Entries): the value is an immutable copy, in and out. */
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

  /** CONTRACT §3 (Values): an empty value is a value: the key exists. */
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

  // ---- list ---------------------------------------------------------------------------------

  /**
   * CONTRACT §3 (Operations) and {@code Keys}: list(prefix) returns the subtree — the prefix itself and
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
   * CONTRACT §3 (Keys): a key and the keys below it are independent keys. The parent of a key is not
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

  /** CONTRACT §3 (Operations, list): election internals never appear in list. */
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
}
