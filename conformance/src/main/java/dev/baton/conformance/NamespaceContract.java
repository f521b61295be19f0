package dev.baton.conformance;

import static dev.baton.conformance.Participant.ELECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ConfigStore;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.LeaderInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT §2: every key and election lives under the namespace; nothing can escape it. Two
 * namespaces never see each other's keys or elections, whatever their names: siblings, a namespace
 * and one nested in it under a name a backend could use for its own folders ({@code config},
 * {@code elections}), created in either order, and look-alikes that differ only in a separator.
 *
 * <p>Each test runs one battery on a few namespaces, made in the order given. Each namespace writes
 * the same keys ({@code k}, {@code dir/k}, and {@code latch-n-0000000000}, named like a latch node)
 * with a value of its own and one key only it has, and runs a participant in the same elections
 * ({@code leader}, {@code config}, {@code elections}, and {@code config/leader} and {@code
 * elections/leader}, which spell a nested namespace's election); every participant must be elected
 * while those of the namespaces before it lead. Then in each namespace:
 * {@code list("")} and {@code get} show its own keys only, with its own values; a prefix watch of
 * the whole namespace and key watches deliver its own keys only; deleting a key in one leaves the
 * same key in the others, and deleting a key that exists only elsewhere is {@code false}, not an
 * error; {@code currentLeader()} names its own participant.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
public abstract class NamespaceContract extends ContractSupport {
  private static final List<String> ELECTIONS =
      List.of("leader", "config", "elections", "config/leader", "elections/leader");
  /** A key named like a backend's latch node (a name ending in a 10-digit sequence number). */
  private static final String LATCH_LIKE = "latch-n-0000000000";
  /** Keys that must stay absent in every namespace: the names of a backend's own folders. */
  private static final List<String> NEVER_WRITTEN = List.of("config", "elections");

  /** A namespace under the test's fresh one. */
  private String ns(String suffix) {
    return namespace + "/" + suffix;
  }

  /** CONTRACT §2: nothing can escape the namespace: two siblings share nothing. */
  @Test
  void s2_siblingNamespacesShareNoKeysWatchesOrElections() {
    assertIsolated(ns("left"), ns("right"));
  }

  /**
   * CONTRACT §2: nothing can escape the namespace: {@code a} and {@code a/config} share nothing,
   * when {@code a} is used first.
   */
  @Test
  void s2_aNamespaceAndOneNestedAsConfigAreIsolated_outerFirst() {
    assertIsolated(ns("a"), ns("a/config"));
  }

  /** CONTRACT §2: nothing can escape the namespace: the same, {@code a/config} used first. */
  @Test
  void s2_aNamespaceAndOneNestedAsConfigAreIsolated_nestedFirst() {
    assertIsolated(ns("a/config"), ns("a"));
  }

  /**
   * CONTRACT §2: nothing can escape the namespace: {@code a} and {@code a/elections} share nothing,
   * when {@code a} is used first.
   */
  @Test
  void s2_aNamespaceAndOneNestedAsElectionsAreIsolated_outerFirst() {
    assertIsolated(ns("a"), ns("a/elections"));
  }

  /** CONTRACT §2: nothing can escape the namespace: the same, {@code a/elections} used first. */
  @Test
  void s2_aNamespaceAndOneNestedAsElectionsAreIsolated_nestedFirst() {
    assertIsolated(ns("a/elections"), ns("a"));
  }

  /**
   * CONTRACT §2: nothing can escape the namespace: namespaces that differ only where one has a
   * {@code /} (which a backend may have to encode) share nothing.
   */
  @Test
  void s2_lookAlikeNamespacesShareNothing() {
    assertIsolated(ns("x/b"), ns("x.b"), ns("x-b"), ns("x_b"), ns("xb"), ns("x/b/c"), ns("x/b.c"));
  }

  /**
   * CONTRACT §2: a namespace follows the key rule, so it can hold no {@code :}, the character a
   * backend may encode {@code /} with: {@code x:b} is refused before anything is sent, and no
   * namespace can spell another's encoded name.
   */
  @Test
  void s2_aNamespaceWithAColonIsRefused() {
    assertThatThrownBy(() -> clientOn(ns("x:b")))
        .as("connect on namespace '%s': expected IllegalArgumentException quoting it", ns("x:b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ns("x:b"));
  }

  /** The battery of the class note, on {@code namespaces} made in this order. */
  private void assertIsolated(String... namespaces) {
    List<Side> sides = new ArrayList<>();
    for (int i = 0; i < namespaces.length; i++) {
      Side side = new Side(i, namespaces[i]);
      side.writeAndJoin(sides);
      sides.add(side);
    }
    for (Side side : sides) {
      side.assertSeesOnlyItsOwn(sides);
    }
    for (Side side : sides) {
      Entry mine = side.config.get("k").orElseThrow();
      for (Side other : sides) {
        if (other != side) {
          assertThat(side.config.delete(other.onlyKey))
              .as("delete in '%s' of '%s', a key that exists only in '%s'", side.ns,
                  other.onlyKey, other.ns)
              .isFalse();
        }
      }
      assertThat(side.config.delete("k")).as("delete of 'k' in '%s'", side.ns).isTrue();
      for (Side other : sides) {
        if (other != side) {
          assertThat(other.config.get("k").map(Entry::valueAsString))
              .as("'k' in '%s' after 'k' was deleted in '%s'", other.ns, side.ns)
              .contains(other.label);
        }
      }
      side.config.put("k", mine.value());
    }
    for (Side side : sides) {
      side.assertWatchesSawOnlyItsOwn();
      side.assertStillLeads();
    }
  }

  /** One namespace of a battery: a client, its keys, its watches and its participants. */
  private final class Side {
    final String ns;
    final String label;
    final String onlyKey;
    final TestClient client;
    final ConfigStore config;
    final RecordingPrefixListener all = new RecordingPrefixListener("");
    final Map<String, RecordingWatchListener> watches = new LinkedHashMap<>();
    final Map<String, Participant> participants = new LinkedHashMap<>();

    Side(int index, String ns) {
      this.ns = ns;
      this.label = "from-" + index;
      this.onlyKey = "only-" + index;
      this.client = clientOn(ns);
      this.config = client.coordinator().config();
      config.watchPrefix("", all);
      for (String key : List.of("k", "config", "elections")) {
        RecordingWatchListener l = new RecordingWatchListener(key);
        config.watch(key, l);
        watches.put(key, l);
      }
      all.awaitFirst(PROMPTLY);
      watches.values().forEach(l -> l.awaitFirst(PROMPTLY));
    }

    void writeAndJoin(List<Side> before) {
      for (String key : ownKeys()) {
        config.put(key, bytes(label));
      }
      for (String election : ELECTIONS) {
        Participant p = Participant.of(client, election, label).start();
        participants.put(election, p);
        try {
          p.awaitTerm(1, ELECTION);
        } catch (AssertionError e) {
          throw new AssertionError("participant '" + label + "' of election '" + election
              + "' in '" + ns + "', alone there, must be elected while those of " + before
              + " lead: " + e.getMessage(), e);
        }
      }
      for (Side earlier : before) {
        earlier.assertStillLeads();
      }
    }

    /** The keys this namespace writes, in key order. */
    List<String> ownKeys() {
      return List.of("dir/k", "k", LATCH_LIKE, onlyKey);
    }

    void assertSeesOnlyItsOwn(List<Side> sides) {
      List<Entry> listed = config.list("");
      assertThat(listed.stream().map(Entry::key).collect(Collectors.toList()))
          .as("list(\"\") in '%s' (namespaces in this test: %s)", ns, names(sides))
          .containsExactlyElementsOf(ownKeys());
      assertThat(listed).as("values listed in '%s'", ns)
          .allSatisfy(e -> assertThat(e.valueAsString()).isEqualTo(label));
      for (Side other : sides) {
        if (other != this) {
          assertThat(config.get(other.onlyKey))
              .as("get in '%s' of '%s', written only in '%s'", ns, other.onlyKey, other.ns)
              .isEmpty();
        }
      }
      for (String key : NEVER_WRITTEN) {
        assertThat(config.get(key)).as("get in '%s' of '%s', never written anywhere", ns, key)
            .isEmpty();
        assertThat(config.delete(key))
            .as("delete in '%s' of '%s', never written anywhere", ns, key).isFalse();
      }
      for (String election : ELECTIONS) {
        assertThat(client.coordinator().election(election).currentLeader()
                .map(LeaderInfo::participantId))
            .as("currentLeader() of election '%s' in '%s' (namespaces in this test: %s)",
                election, ns, names(sides))
            .contains(label);
      }
    }

    void assertWatchesSawOnlyItsOwn() {
      config.put("marker", bytes(label));
      all.awaitValue("marker", label, PROMPTLY);
      all.awaitConverged(config, PROMPTLY);
      assertThat(all.keysDelivered())
          .as("keys delivered to the watch of prefix \"\" in '%s'", ns)
          .isSubsetOf(Stream.concat(ownKeys().stream(), Stream.of("marker")).toList());
      assertThat(all.changes().stream().flatMap(c -> c.states().stream())
              .filter(KeyState::exists).map(s -> s.entry().get().valueAsString()))
          .as("values delivered to the watch of prefix \"\" in '%s'", ns)
          .containsOnly(label);
      all.assertWellBehaved();
      List<KeyState> k = watches.get("k").states();
      assertThat(k.stream().filter(KeyState::exists).map(s -> s.entry().get().valueAsString()))
          .as("values of 'k' delivered in '%s' (a write of 'k' elsewhere must not show): %s",
              ns, k)
          .containsOnly(label);
      assertThat(k.stream().dropWhile(s -> !s.exists()).filter(s -> !s.exists()))
          .as("absent states of 'k' delivered in '%s' after it was written there: at most one,"
              + " for its own delete (a delete of 'k' elsewhere must not show): %s", ns, k)
          .hasSizeLessThanOrEqualTo(1);
      for (String key : NEVER_WRITTEN) {
        assertThat(watches.get(key).states())
            .as("states of '%s' delivered in '%s', never written anywhere", key, ns)
            .allMatch(s -> !s.exists());
      }
    }

    void assertStillLeads() {
      for (Participant p : participants.values()) {
        assertThat(p.latch.isLeader())
            .as("participant '%s' of '%s' in '%s' still leads", label, p.latch.name(), ns)
            .isTrue();
        assertThat(p.events.revocations())
            .as("revocations of '%s' of '%s' in '%s'", label, p.latch.name(), ns).isEmpty();
      }
    }

    @Override
    public String toString() {
      return ns;
    }
  }

  private static List<String> names(List<Side> sides) {
    return sides.stream().map(s -> s.ns).collect(Collectors.toList());
  }
}
