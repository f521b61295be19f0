package dev.baton.examples;

import dev.baton.Coordinator;
import dev.baton.LeaderInfo;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code baton leader status|watch}: who leads an election. */
@Command(name = "leader", mixinStandardHelpOptions = true,
    description = "Shows who leads an election, and its epoch (fencing token).",
    subcommands = {LeaderCommand.Status.class, LeaderCommand.WatchLeader.class})
final class LeaderCommand {
  static String show(Optional<LeaderInfo> leader, String election) {
    return leader.map(l -> l.election() + ": " + l.participantId() + " leads, epoch "
        + l.epoch()).orElse(election + ": no leader");
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Prints the leader.")
  static final class Status implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Connection connection;
    @Option(names = "--election", defaultValue = DemoConfig.ELECTION,
        description = "The election (default: ${DEFAULT-VALUE}).")
    String election;

    @Override
    public Integer call() {
      try (Coordinator c = connection.connect()) {
        Optional<LeaderInfo> leader = c.election(election).currentLeader();
        spec.commandLine().getOut().println(show(leader, election));
        return 0;
      }
    }
  }

  @Command(name = "watch", mixinStandardHelpOptions = true,
      description = "Prints the leader, then every change, until interrupted.")
  static final class WatchLeader implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Connection connection;
    @Option(names = "--election", defaultValue = DemoConfig.ELECTION,
        description = "The election (default: ${DEFAULT-VALUE}).")
    String election;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      Coordinator c = connection.connect();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        c.close();
        stopped.countDown();
      }, "baton-leader-watch-stop"));
      c.election(election).observe(leader -> {
        out.println(show(leader, election));
        out.flush();
      });
      stopped.await();
      return 0;
    }
  }
}
