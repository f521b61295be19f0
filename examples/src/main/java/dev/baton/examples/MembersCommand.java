package dev.baton.examples;

import dev.baton.Coordinator;
import dev.baton.Member;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton members list|watch GROUP}: who is in a group, with what metadata. */
@Command(name = "members", mixinStandardHelpOptions = true,
    description = "Shows the live members of a group (Coordinator.membership), with their metadata.",
    subcommands = {MembersCommand.ListMembers.class, MembersCommand.WatchMembers.class})
final class MembersCommand {
  /**
   * A group's members, a line each under a header line:
   *
   * <pre>
   * workers: 2 members
   *   w1 = 10.0.0.7:8080  (revision 42)
   *   w2 = 10.0.0.8:8080  (revision 45)
   * </pre>
   */
  static String show(String group, List<Member> members) {
    StringBuilder s = new StringBuilder(group).append(": ").append(members.isEmpty() ? "no"
        : String.valueOf(members.size())).append(members.size() == 1 ? " member" : " members");
    for (Member m : members) {
      s.append(System.lineSeparator()).append("  ").append(m.id()).append(" = ")
          .append(m.metadata()).append("  (revision ").append(m.revision()).append(')');
    }
    return s.toString();
  }

  /** The group parameter of both commands. */
  abstract static class GroupCommand extends OperatorCommand {
    @Parameters(paramLabel = "GROUP", description = "The group, e.g. workers.")
    String group;
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Prints the members: id, metadata and revision, a line each.")
  static final class ListMembers extends GroupCommand {
    @Override
    int run(Coordinator c, PrintWriter out) {
      out.println(show(group, c.membership(group).members()));
      return 0;
    }
  }

  @Command(name = "watch", mixinStandardHelpOptions = true,
      description = "Prints the members, then the whole set again after every change (a join, a"
          + " leave, an expiry, new metadata), until interrupted (Ctrl-C).")
  static final class WatchMembers extends GroupCommand {
    @Option(names = "--exit-on-stdin-eof",
        description = "Also stop when stdin ends (Ctrl-D, or the end of a pipe). Off by default:"
            + " a command started in the background or by a service manager has an empty stdin.")
    boolean exitOnStdinEof;

    @Override
    int run(Coordinator c, PrintWriter out) throws InterruptedException {
      c.membership(group).watch(members -> {
        out.println(show(group, members));
        out.flush();
      });
      untilInterrupted(c, exitOnStdinEof);
      return 0;
    }
  }
}
