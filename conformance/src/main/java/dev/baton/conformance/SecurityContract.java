package dev.baton.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.baton.AccessDeniedException;
import dev.baton.AuthenticationException;
import dev.baton.BatonException;
import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.Credentials;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.PermissionDeniedException;
import dev.baton.RevocationReason;
import dev.baton.Watch;
import dev.baton.testkit.cluster.Wait;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * CONTRACT §6, security: credentials from the URI and from options work; a wrong password, an
 * unknown user and a missing user are refused at {@code connect} at once (not at the connect
 * timeout) with an {@link AccessDeniedException} that names the user and never the password; an
 * identity cannot use a namespace it may not read; an identity that may only read a namespace
 * reads and watches it, and each of its writes, and its latch's attempt to join an election, is
 * refused with a {@link PermissionDeniedException} that reaches the caller (the latch's listener)
 * within the operation timeout. No password shows in a message, a {@code toString()}, a URI the
 * coordinator echoes or a Baton log line at any level ({@link LogCapture}).
 */
public abstract class SecurityContract {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  /** Connects here are asked to fail "at once": well within this, which is half the timeout. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(5);

  private final List<Coordinator> coordinators = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private final List<String> passwords = new ArrayList<>();
  private LogCapture logs;
  private String namespace;

  /** The secured store this contract runs against. */
  protected abstract SecuredTarget target();

  @BeforeEach
  final void freshNamespace(TestInfo info) {
    namespace = ContractSupport.freshNamespace("security", info);
    logs = LogCapture.start("dev.baton");
  }

  @AfterEach
  final void closeAndCheckForSecrets() {
    for (Coordinator c : coordinators) {
      c.close();
    }
    coordinators.clear();
    logs.stop();
    List<String> texts = new ArrayList<>(logs.lines());
    for (Throwable f : failures) {
      for (Throwable t = f; t != null; t = t.getCause()) {
        texts.add(String.valueOf(t.getMessage()));
        texts.add(t.toString());
      }
    }
    for (String password : passwords) {
      assertThat(texts)
          .as("no message, toString or Baton log line (%d captured at TRACE) may show a password",
              logs.lines().size())
          .noneMatch(text -> text.contains(password));
    }
  }

  /** CONTRACT §6: a user and password in the URI authenticate; the echoed URI carries neither. */
  @Test
  void s6_credentialsFromTheUriWork() {
    String password = secret("uri");
    String user = user("alice");
    target().owner(user, password, namespace);
    Coordinator alice = connect(target().uriWithCredentials(namespace, user, password),
        CoordinatorOptions.defaults());
    roundTrip(alice);
    assertThat(alice.uri().credentials()).as("the coordinator's uri()").isEmpty();
    assertThat(List.of(alice.toString(), alice.uri().toString(), alice.options().toString()))
        .noneMatch(text -> text.contains(password));
  }

  /** CONTRACT §6: credentials in {@link CoordinatorOptions} authenticate. */
  @Test
  void s6_credentialsFromOptionsWork() {
    String password = secret("options");
    Coordinator alice = ownerOf(namespace, user("alice"), password);
    assertThat(alice.options().toString()).doesNotContain(password);
  }

  /**
   * CONTRACT §6: a wrong password fails {@code connect} at once with an AccessDeniedException
   * naming the user ({@link AuthenticationException} on a store that checks passwords; on
   * ZooKeeper a wrong password is another digest identity, which may not read the namespace).
   */
  @Test
  void s6_aWrongPasswordIsRefusedAtConnectSayingWho() {
    String user = user("alice");
    ownerOf(namespace, user, secret("right"));
    String wrong = secret("wrong");
    refusedAtConnect(Credentials.of(user, wrong), AccessDeniedException.class, user);
  }

  /** CONTRACT §6: a user the store does not know fails {@code connect} at once. */
  @Test
  void s6_anUnknownUserIsRefusedAtConnectSayingWho() {
    ownerOf(namespace, user("alice"), secret("owner"));
    String unknown = user("mallory");
    refusedAtConnect(Credentials.of(unknown, secret("unknown")), AccessDeniedException.class,
        unknown);
  }

  /**
   * CONTRACT §6: on a store that demands authentication, a client without credentials fails
   * {@code connect} at once with an {@link AuthenticationException} that says credentials are
   * needed.
   */
  @Test
  void s6_noCredentialsAreRefusedAtConnect() {
    refusedAtConnect(null, AuthenticationException.class, "credentials");
  }

  /**
   * CONTRACT §6: an identity limited to its own namespace cannot use another's: {@code connect}
   * to it fails at once with a {@link PermissionDeniedException} naming the namespace (so no read,
   * write, watch or election there can start).
   */
  @Test
  void s6_anIdentityCannotUseAnotherIdentitysNamespace() {
    ownerOf(namespace, user("alice"), secret("alice"));
    String bobPassword = secret("bob");
    String bob = user("bob");
    ownerOf(namespace + "-bob", bob, bobPassword);
    refusedAtConnect(Credentials.of(bob, bobPassword), PermissionDeniedException.class,
        namespace);
  }

  /**
   * CONTRACT §6: an identity that may only read a namespace reads and watches it; each of its
   * writes fails with a {@link PermissionDeniedException} and changes nothing; its latch never
   * leads and tells its listener why within the operation timeout.
   */
  @Test
  void s6_aReaderReadsAndWatchesButItsWritesAndElectionsAreRefused() {
    String ownerPassword = secret("owner");
    String owner = user("alice");
    Coordinator alice = ownerOf(namespace, owner, ownerPassword);
    Entry first = alice.config().put("limit", bytes("1"));
    try (LeaderLatch latch = alice.leaderLatch("jobs", LatchOptions.participant("alice"))) {
      latch.start();
      assertThat(latch.awaitLeadership(OPERATION_TIMEOUT)).as("alice leads 'jobs'").isPresent();
    }
    String readerPassword = secret("reader");
    String reader = user("carol");
    target().reader(reader, readerPassword, namespace, owner, ownerPassword);

    Coordinator carol = connect(target().uri(namespace),
        options().credentials(Credentials.of(reader, readerPassword)).build());
    assertThat(carol.config().get("limit")).as("carol reads 'limit'").map(Entry::value)
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("1")));
    List<KeyState> seen = new CopyOnWriteArrayList<>();
    try (Watch watch = carol.config().watch("limit", seen::add)) {
      alice.config().put("limit", bytes("2"));
      Wait.until("carol's watch to see 'limit' = 2", OPERATION_TIMEOUT.multipliedBy(2),
          () -> List.copyOf(seen), states -> states.stream().anyMatch(
              s -> s.entry().map(e -> Arrays.equals(e.value(), bytes("2"))).orElse(false)));
    }

    refused("put", () -> carol.config().put("limit", bytes("3")));
    refused("putIfAbsent", () -> carol.config().putIfAbsent("other", bytes("3")));
    refused("compareAndSet", () -> carol.config().compareAndSet("limit", first.version(),
        bytes("3")));
    refused("delete", () -> carol.config().delete("limit"));
    assertThat(alice.config().get("limit")).map(Entry::value)
        .as("'limit' after carol's refused writes")
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("2")));

    List<BatonException> errors = new CopyOnWriteArrayList<>();
    List<Leadership> terms = new CopyOnWriteArrayList<>();
    LeaderLatch latch = carol.leaderLatch("jobs", LatchOptions.participant("carol"));
    latch.subscribe(new LeadershipListener() {
      @Override
      public void onElected(Leadership leadership) {
        terms.add(leadership);
      }

      @Override
      public void onRevoked(Leadership leadership, RevocationReason reason) {}

      @Override
      public void onError(BatonException error) {
        errors.add(error);
      }
    });
    latch.start();
    Wait.until("carol's latch to tell its listener that joining 'jobs' was refused",
        OPERATION_TIMEOUT.plusSeconds(2), () -> List.copyOf(errors), e -> !e.isEmpty());
    failures.addAll(errors);
    assertThat(errors.get(0)).isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("jobs");
    assertThat(latch.isLeader()).isFalse();
    assertThat(terms).as("terms carol's latch was granted").isEmpty();
    latch.close();
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static CoordinatorOptions.Builder options() {
    return CoordinatorOptions.builder().connectTimeout(CONNECT_TIMEOUT)
        .operationTimeout(OPERATION_TIMEOUT);
  }

  /** A user name unique to this run of the suite: the store's users outlive a test. */
  private static String user(String name) {
    return name + "-" + SEQUENCE.incrementAndGet();
  }

  /** A password unique to this test, remembered so that the final check looks for it. */
  private String secret(String label) {
    String password = "pw-" + label + "-" + Long.toHexString(System.nanoTime());
    passwords.add(password);
    return password;
  }

  private Coordinator connect(String uri, CoordinatorOptions options) {
    Coordinator c = Coordinator.connect(uri, options);
    coordinators.add(c);
    return c;
  }

  /**
   * Makes {@code user} the owner of {@code ns}, connects as it with credentials in the options,
   * and checks that it writes and reads there.
   */
  private Coordinator ownerOf(String ns, String user, String password) {
    target().owner(user, password, ns);
    Coordinator c = connect(target().uri(ns),
        options().credentials(Credentials.of(user, password)).build());
    roundTrip(c);
    return c;
  }

  private static void roundTrip(Coordinator c) {
    c.config().put("hello", bytes("world"));
    assertThat(c.config().get("hello")).map(Entry::value)
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("world")));
  }

  /**
   * Connects to the test's namespace with {@code credentials} (null: none) and checks that it
   * fails with {@code type}, mentioning {@code mentioned}, within half the connect timeout.
   */
  private Throwable refusedAtConnect(Credentials credentials, Class<? extends Throwable> type,
      String mentioned) {
    CoordinatorOptions.Builder options = options();
    if (credentials != null) {
      options.credentials(credentials);
    }
    long start = System.nanoTime();
    Throwable failure = catchThrowable(() -> connect(target().uri(namespace), options.build()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(failure).as("connect to %s as %s", namespace, credentials)
        .isInstanceOf(type).hasMessageContaining(mentioned);
    failures.add(failure);
    assertThat(took).as("time until connect failed (%s); it must not wait out the connect"
        + " timeout of %s", failure, CONNECT_TIMEOUT).isLessThan(CONNECT_TIMEOUT.dividedBy(2));
    return failure;
  }

  private void refused(String operation, Runnable call) {
    Throwable failure = catchThrowable(call::run);
    assertThat(failure).as("carol's %s", operation).isInstanceOf(PermissionDeniedException.class);
    failures.add(failure);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
