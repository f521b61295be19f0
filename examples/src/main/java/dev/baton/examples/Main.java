package dev.baton.examples;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code baton} command: {@code java -jar examples/target/baton.jar <command>}.
 *
 * <p>Bad input (an unknown backend, a malformed URI, an unreachable cluster, a missing etcd
 * binary, a bad port) ends with one line on stderr, {@code baton: <what went wrong>}, and a
 * non-zero exit: 2 for a usage error, 1 for anything else. Never a stack trace.
 */
@Command(
    name = "baton",
    mixinStandardHelpOptions = true,
    version = "baton 0.1.0",
    description = "Live configuration and leader election over ZooKeeper and etcd.",
    subcommands = {
      DemoCommand.class,
      ClusterCommand.class,
      WorkerCommand.class,
      ConfigServiceCommand.class,
      KvCommand.class,
      LeaderCommand.class,
      MembersCommand.class
    })
public final class Main {
  /** Exit code of a command that ran and found something wrong (a demo step failed, ...). */
  static final int FAILED = 1;

  /** gRPC logs through java.util.logging; held here so that its level is not collected away. */
  private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

  public static void main(String[] args) {
    exit(new Main(), args);
  }

  /** Runs the command line of {@code command} on stdout and stderr, and exits with its code. */
  static void exit(Object command, String[] args) {
    GRPC_LOG.setLevel(java.util.logging.Level.WARNING);
    System.exit(run(command, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
        args));
  }

  /** Runs the command line with {@code out} and {@code err}; returns the exit code. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(new Main(), out, err, args);
  }

  /**
   * Runs the command line of {@code command} (the baton command, or a program of its own such as
   * {@link CacheAsidePage}) with the same handling of bad input; returns the exit code.
   */
  static int run(Object command, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, a) -> {
      err.println("baton: " + e.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
      err.println("Try '" + commandPath(e.getCommandLine()) + "--help' for usage.");
      return CommandLine.ExitCode.USAGE;
    });
    cli.setExecutionExceptionHandler((e, c, parsed) -> {
      err.println("baton: " + Errors.describe(e));
      return e instanceof IllegalArgumentException ? CommandLine.ExitCode.USAGE : FAILED;
    });
    return cli.execute(args);
  }

  private static String commandPath(CommandLine c) {
    StringBuilder path = new StringBuilder();
    for (CommandLine p = c; p != null; p = p.getParent()) {
      path.insert(0, p.getCommandName() + " ");
    }
    return path.toString();
  }
}
