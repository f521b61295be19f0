package dev.baton.examples;

import dev.baton.Coordinator;
import dev.baton.Entry;
import dev.baton.KeyState;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code baton kv get|put|delete|list|watch}: the config store from the command line. */
@Command(name = "kv", mixinStandardHelpOptions = true,
    description = "Reads and writes config keys of any backend.",
    subcommands = {KvCommand.Get.class, KvCommand.Put.class, KvCommand.Delete.class,
        KvCommand.ListKeys.class, KvCommand.WatchKeys.class})
final class KvCommand {
  static String show(Entry e) {
    return e.key() + " = " + e.valueAsString() + "  (version " + e.version() + ", revision "
        + e.revision() + ")";
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

  @Command(name = "put", mixinStandardHelpOptions = true, description = "Writes a key.")
  static final class Put extends OperatorCommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;
    @Parameters(index = "1", paramLabel = "VALUE")
    String value;

    @Override
    int run(Coordinator c, PrintWriter out) {
      out.println(show(c.config().put(key, value.getBytes(StandardCharsets.UTF_8))));
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
