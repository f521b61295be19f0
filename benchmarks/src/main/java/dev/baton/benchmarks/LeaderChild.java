package dev.baton.benchmarks;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import dev.baton.LeadershipListener;
import dev.baton.RevocationReason;
import java.time.Duration;

/**
 * A JVM that joins an election and prints {@code ELECTED} when it leads; the benchmark kills it
 * with SIGKILL. Exits when its stdin ends.
 *
 * <p>Arguments: {@code raw|baton zookeeper|etcd <host:port> <namespace> <election> <id>
 * <ttlMillis>}.
 */
public final class LeaderChild {
  private LeaderChild() {}

  public static void main(String[] args) throws Exception {
    String backend = args[1];
    Duration ttl = Duration.ofMillis(Long.parseLong(args[6]));
    Runnable elected = () -> {
      Parent.tell("ELECTED");
    };
    AutoCloseable held;
    if (args[0].equals("raw")) {
      RawClient raw = RawClient.open(backend, args[2], args[3], ttl);
      RawClient.Latch latch = raw.join(args[4], args[5], elected);
      held = () -> {
        latch.close();
        raw.close();
      };
    } else {
      Coordinator c = Coordinator.connect(Bench.uri(backend, args[2], args[3]),
          CoordinatorOptions.builder().sessionTtl(ttl).build());
      LeaderLatch latch = c.leaderLatch(args[4], LatchOptions.participant(args[5]));
      latch.subscribe(new LeadershipListener() {
        @Override
        public void onElected(Leadership leadership) {
          elected.run();
        }

        @Override
        public void onRevoked(Leadership leadership, RevocationReason reason) {}
      });
      latch.start();
      held = c;
    }
    Parent.tell("JOINED");
    Parent.awaitEnd();
    held.close();
    System.exit(0);
  }
}
