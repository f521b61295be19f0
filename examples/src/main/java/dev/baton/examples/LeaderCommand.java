package dev.baton.examples;

import dev.baton.Coordinator;
import dev.baton.LeaderInfo;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton leader status|watch}: who leads an election. */
@Command(name = "leader", mixinStandardHelpOptions = true,
    description = "Shows who leads an election, and its epoch (fencing token).",
    subcommands = {LeaderCommand.Status.class, LeaderCommand.WatchLeader.class})
final class LeaderCommand {
  static String show(Optional<LeaderInfo> leader, String election) {
    return leader.map(l -> l.election() + ": " + l.participantId() + " leads, epoch "
        + l.epoch()).orElse(election + ": no leader");
  }

  /** The election option of both commands. */
  abstract static class ElectionCommand extends OperatorCommand {
    @Option(names = "--election", defaultValue = DemoConfig.ELECTION,
        description = "The election (default: ${DEFAULT-VALUE}).")
    String election;
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Prints the leader.")
  static final class Status extends ElectionCommand {
    @Override
    int run(Coordinator c, PrintWriter out) {
      out.println(show(c.election(election).currentLeader(), election));
      return 0;
    }
  }

  @Command(name = "watch", mixinStandardHelpOptions = true,
      description = "Prints the leader, then every change, until interrupted.")
  static final class WatchLeader extends ElectionCommand {
    @Override
    int run(Coordinator c, PrintWriter out) throws InterruptedException {
      c.election(election).observe(leader -> {
        out.println(show(leader, election));
        out.flush();
      });
      untilInterrupted(c);
      return 0;
    }
  }
}
