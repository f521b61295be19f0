package dev.baton.examples;

import dev.baton.Coordinator;
import dev.baton.Entry;
import dev.baton.KeyState;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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
  static final class Get implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Connection connection;
    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    public Integer call() {
      try (Coordinator c = connection.connect()) {
        Optional<Entry> e = c.config().get(key);
        PrintWriter out = spec.commandLine().getOut();
        out.println(e.map(KvCommand::show).orElse(key + " does not exist"));
        return e.isPresent() ? 0 : Main.FAILED;
      }
    }
  }

  @Command(name = "put", mixinStandardHelpOptions = true, description = "Writes a key.")
  static final class Put implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Connection connection;
    @Parameters(index = "0", paramLabel = "KEY")
    String key;
    @Parameters(index = "1", paramLabel = "VALUE")
    String value;

    @Override
    public Integer call() {
      try (Coordinator c = connection.connect()) {
        Entry e = c.config().put(key, value.getBytes(StandardCharsets.UTF_8));
        spec.commandLine().getOut().println(show(e));
        return 0;
      }
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a key.")
  static final class Delete implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Connection connection;
    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    public Integer call() {
      try (Coordinator c = connection.connect()) {
        boolean deleted = c.config().delete(key);
        spec.commandLine().getOut().println(key + (deleted ? " deleted" : " did not exist"));
        return 0;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists the keys under a prefix (all keys without one).")
  static final class ListKeys implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Connection connection;
    @Parameters(paramLabel = "PREFIX", arity = "0..1", defaultValue = "")
    String prefix;

    @Override
    public Integer call() {
      try (Coordinator c = connection.connect()) {
        PrintWriter out = spec.commandLine().getOut();
        c.config().list(prefix).forEach(e -> out.println(show(e)));
        return 0;
      }
    }
  }

  @Command(name = "watch", mixinStandardHelpOptions = true,
      description = "Prints the keys under a prefix, then every change as it happens, until"
          + " interrupted.")
  static final class WatchKeys implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Connection connection;
    @Parameters(paramLabel = "PREFIX", arity = "0..1", defaultValue = "")
    String prefix;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      Coordinator c = connection.connect();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        c.close();
        stopped.countDown();
      }, "baton-kv-watch-stop"));
      c.config().watchPrefix(prefix, change -> {
        for (KeyState s : change.states()) {
          out.println((change.snapshot() ? "now  " : "then ")
              + s.entry().map(KvCommand::show)
                  .orElse(s.key() + " deleted  (revision " + s.revision() + ")"));
        }
        out.flush();
      });
      stopped.await();
      return 0;
    }
  }
}
