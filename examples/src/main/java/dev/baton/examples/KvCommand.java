package dev.baton.examples;

import dev.baton.Coordinator;
import dev.baton.Entry;
import dev.baton.KeyState;
import dev.baton.Keys;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton kv get|put|delete|list|watch}: the config store from the command line. */
@Command(name = "kv", mixinStandardHelpOptions = true,
    description = "Reads and writes config keys of any backend.",
    subcommands = {KvCommand.Get.class, KvCommand.Put.class, KvCommand.Delete.class,
        KvCommand.ListKeys.class, KvCommand.WatchKeys.class})
final class KvCommand {
  static String show(Entry e) {
    return show(e, "");
  }

  /** {@code key = value  (version 1, revision 42<more>)}. */
  static String show(Entry e, String more) {
    return e.key() + " = " + e.valueAsString() + "  (version " + e.version() + ", revision "
        + e.revision() + more + ")";
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Prints a key's value.")
  static final class Get extends OperatorCommand {
    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    int run(Coordinator c, PrintWriter out) {
      Optional<Entry> e = c.config().get(key);
      out.println(e.map(KvCommand::show).orElse(key + " does not exist"));
      return e.isPresent() ? 0 : Main.FAILED;
    }
  }

  /**
   * Not an {@link OperatorCommand}: its {@code --ttl} is the key's TTL, so it takes {@code --uri}
   * and {@code --connect-timeout} without the session TTL the other commands call {@code --ttl}.
   */
  @Command(name = "put", mixinStandardHelpOptions = true,
      description = "Writes a key; with --ttl, a key the store deletes once the TTL has passed.")
  static final class Put implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Endpoint endpoint;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = Durations.class,
        description = "Delete the key once this has passed since the write (1s to 30 days, e.g."
            + " 10s, 500ms, PT10S); a later 'kv put --ttl' starts a new TTL. Default: no TTL.")
    Duration ttl;

    @Parameters(index = "0", paramLabel = "KEY")
    String key;
    @Parameters(index = "1", paramLabel = "VALUE")
    String value;

    @Override
    public Integer call() {
      if (ttl != null && (ttl.compareTo(Keys.MIN_TTL) < 0 || ttl.compareTo(Keys.MAX_TTL) > 0)) {
        throw new IllegalArgumentException("--ttl must be from 1s to 30 days (the TTLs a key can"
            + " have), was " + Durations.format(ttl));
      }
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      try (Coordinator c = endpoint.connect()) {
        spec.commandLine().getOut().println(ttl == null ? show(c.config().put(key, bytes))
            : show(c.config().putWithTtl(key, bytes, ttl), ", TTL " + Durations.format(ttl)));
      }
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a key.")
  static final class Delete extends OperatorCommand {
    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    int run(Coordinator c, PrintWriter out) {
      out.println(key + (c.config().delete(key) ? " deleted" : " did not exist"));
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists the keys under a prefix (all keys without one).")
  static final class ListKeys extends OperatorCommand {
    @Parameters(paramLabel = "PREFIX", arity = "0..1", defaultValue = "")
    String prefix;

    @Override
    int run(Coordinator c, PrintWriter out) {
      c.config().list(prefix).forEach(e -> out.println(show(e)));
      return 0;
    }
  }

  @Command(name = "watch", mixinStandardHelpOptions = true,
      description = "Prints the keys under a prefix, then every change as it happens, until"
          + " interrupted.")
  static final class WatchKeys extends OperatorCommand {
    @Parameters(paramLabel = "PREFIX", arity = "0..1", defaultValue = "")
    String prefix;

    @Override
    int run(Coordinator c, PrintWriter out) throws InterruptedException {
      c.config().watchPrefix(prefix, change -> {
        for (KeyState s : change.states()) {
          out.println((change.snapshot() ? "now  " : "then ") + s.entry().map(KvCommand::show)
              .orElse(s.key() + " deleted  (revision " + s.revision() + ")"));
        }
        out.flush();
      });
      untilInterrupted(c);
      return 0;
    }
  }
}
