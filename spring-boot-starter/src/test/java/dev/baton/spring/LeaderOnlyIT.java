package dev.baton.spring;

import static dev.baton.spring.Contexts.runner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Leadership;
import dev.baton.RevocationReason;
import dev.baton.testkit.cluster.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * {@code @LeaderOnly} methods and leader tasks in two application contexts that take part in the
 * same election, on ZooKeeper and on etcd.
 */
class LeaderOnlyIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /**
   * Guarded methods, called directly by the tests. The bean is a subclass proxy: its state is read
   * through methods, which reach the target (a proxy's own fields are not the target's).
   */
  static class Billing {
    private final AtomicInteger runs = new AtomicInteger();
    private final List<Long> epochs = new CopyOnWriteArrayList<>();

    public int runs() {
      return runs.get();
    }

    public List<Long> epochs() {
      return List.copyOf(epochs);
    }

    @LeaderOnly("billing")
    public Optional<Long> run() {
      runs.incrementAndGet();
      Leadership term = BatonLeadership.current();
      epochs.add(term.epoch());
      term.put("billing/last-run", ("epoch " + term.epoch()).getBytes());
      return Optional.of(term.epoch());
    }

    @LeaderOnly("billing")
    public void runVoid() {
      runs.incrementAndGet();
    }
  }

  /** A guarded {@code @Scheduled} method, run by Spring's scheduler every 20 ms. */
  static class Cleanup {
    private final AtomicInteger runs = new AtomicInteger();

    public int runs() {
      return runs.get();
    }

    @Scheduled(fixedDelay = 20)
    @LeaderOnly("${test.cleanup-election:cleanup}")
    public void clean() {
      BatonLeadership.current();
      runs.incrementAndGet();
    }
  }

  /** Records the leadership events of its context. */
  static class Events {
    final List<LeadershipGrantedEvent> granted = new CopyOnWriteArrayList<>();
    final List<LeadershipRevokedEvent> revoked = new CopyOnWriteArrayList<>();

    @EventListener
    public void on(LeadershipGrantedEvent e) {
      granted.add(e);
    }

    @EventListener
    public void on(LeadershipRevokedEvent e) {
      revoked.add(e);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  static class Jobs {
    @Bean
    Billing billing() {
      return new Billing();
    }

    @Bean
    Cleanup cleanup() {
      return new Cleanup();
    }

    @Bean
    Events events() {
      return new Events();
    }
  }

  /** A leader task that runs until interrupted. */
  @LeaderOnly("relay")
  static class Relay implements LeaderTask {
    final List<Long> started = new CopyOnWriteArrayList<>();
    final AtomicInteger interrupted = new AtomicInteger();
    volatile Leadership running;
    volatile boolean sawTerm;

    @Override
    public void lead(Leadership term) {
      sawTerm = BatonLeadership.current() == term;
      started.add(term.epoch());
      running = term;
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
      } finally {
        running = null;
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Tasks {
    @Bean
    Relay relay() {
      return new Relay();
    }
  }

  private static BatonElections elections(AssertableApplicationContext context) {
    return context.getBean(BatonElections.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.baton.spring.Backends#both")
  void onlyTheLeaderRunsAndAnotherTakesOverWhenItsContextCloses(Backends.Backend backend) {
    String uri = backend.uri(Backends.namespace("leader"));
    runner(uri, "baton.participant-id=a").withUserConfiguration(Jobs.class).run(a ->
        runner(uri, "baton.participant-id=b").withUserConfiguration(Jobs.class).run(b -> {
          assertThat(a).hasNotFailed();
          assertThat(b).hasNotFailed();
          Wait.until("exactly one of a and b to lead 'billing'", WAIT,
              () -> List.of(elections(a).isLeader("billing"), elections(b).isLeader("billing")),
              l -> l.get(0) ^ l.get(1));
          boolean aLeads = elections(a).isLeader("billing");
          AssertableApplicationContext leader = aLeads ? a : b;
          AssertableApplicationContext follower = aLeads ? b : a;
          Billing leaderBilling = leader.getBean(Billing.class);
          Billing followerBilling = follower.getBean(Billing.class);
          long epoch = elections(leader).leadership("billing").orElseThrow().epoch();

          assertThat(leaderBilling.run()).contains(epoch);
          assertThat(followerBilling.run()).as("skipped: Optional.empty()").isEmpty();
          followerBilling.runVoid();
          assertThat(leaderBilling.runs()).isEqualTo(1);
          assertThat(followerBilling.runs()).as("calls run on the follower").isZero();
          assertThat(leaderBilling.epochs()).containsExactly(epoch);
          assertThat(BatonLeadership.find()).as("no term outside the call").isEmpty();

          Events leaderEvents = leader.getBean(Events.class);
          LeadershipGrantedEvent granted = Wait.until("a granted event of 'billing'", WAIT,
              () -> leaderEvents.granted.stream().filter(e -> e.election().equals("billing"))
                  .findFirst().orElse(null), e -> e != null);
          assertThat(granted.epoch()).isEqualTo(epoch);
          assertThat(granted.participantId()).isEqualTo(aLeads ? "a" : "b");
          assertThat(follower.getBean(Events.class).granted)
              .noneMatch(e -> e.election().equals("billing"));

          // The @Scheduled method runs only where 'cleanup' is led.
          Wait.until("exactly one of a and b to lead 'cleanup'", WAIT,
              () -> List.of(elections(a).isLeader("cleanup"), elections(b).isLeader("cleanup")),
              l -> l.get(0) ^ l.get(1));
          boolean aCleans = elections(a).isLeader("cleanup");
          Cleanup cleaning = (aCleans ? a : b).getBean(Cleanup.class);
          Cleanup idle = (aCleans ? b : a).getBean(Cleanup.class);
          Wait.until("the leader's scheduled cleanup to run 5 times", WAIT,
              cleaning::runs, n -> n >= 5);
          assertThat(idle.runs()).as("scheduled runs on the follower").isZero();

          leader.close();
          assertThat(leaderEvents.revoked).as("revoked when its context closed")
              .anySatisfy(e -> {
                assertThat(e.election()).isEqualTo("billing");
                assertThat(e.epoch()).isEqualTo(epoch);
                assertThat(e.reason()).isEqualTo(RevocationReason.CLOSED);
              });
          Optional<Long> taken = Wait.until("the follower to run billing once it leads", WAIT,
              followerBilling::run, Optional::isPresent);
          assertThat(taken.get()).as("a later term's epoch").isGreaterThan(epoch);
          assertThat(follower.getBean(Events.class).granted)
              .anyMatch(e -> e.election().equals("billing") && e.epoch() == taken.get());
          Wait.until("the follower's scheduled cleanup to run", WAIT,
              idle::runs, n -> n >= 1);
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.baton.spring.Backends#both")
  void aLeaderTaskRunsWhileItsTermLastsAndIsInterruptedWhenItEnds(Backends.Backend backend) {
    String uri = backend.uri(Backends.namespace("task"));
    runner(uri, "baton.participant-id=a").withUserConfiguration(Tasks.class).run(a ->
        runner(uri, "baton.participant-id=b").withUserConfiguration(Tasks.class).run(b -> {
          Relay relayA = a.getBean(Relay.class);
          Relay relayB = b.getBean(Relay.class);
          Wait.until("exactly one relay to run", WAIT,
              () -> List.of(relayA.running != null, relayB.running != null),
              l -> l.get(0) ^ l.get(1));
          boolean aRuns = relayA.running != null;
          Relay running = aRuns ? relayA : relayB;
          Relay waiting = aRuns ? relayB : relayA;
          long epoch = running.running.epoch();
          assertThat(running.sawTerm).as("BatonLeadership.current() in the task").isTrue();
          assertThat(waiting.started).isEmpty();

          (aRuns ? a : b).close();
          assertThat(running.interrupted).as("interrupted when its term ended").hasValue(1);
          assertThat(running.running).isNull();
          Wait.until("the other relay to run", WAIT, () -> waiting.running, t -> t != null);
          assertThat(waiting.started).hasSize(1).allMatch(e -> e > epoch);

          // Resigning ends the term: the task is interrupted, and runs again for the next term.
          BatonElections elections = elections(aRuns ? b : a);
          long second = waiting.running.epoch();
          elections.resign("relay");
          Wait.until("the relay to run for a new term", WAIT, () -> waiting.started.size(),
              n -> n == 2);
          assertThat(waiting.interrupted).hasValue(1);
          assertThat(waiting.started.get(1)).isGreaterThan(second);
        }));
  }
}
