package dev.baton.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM killed with SIGKILL (no shutdown hook runs) leaves no server behind. */
class NoOrphansIT {
  @Test
  void serversDieWithTheJvmThatStartedThem(@TempDir Path tmp) throws Exception {
    Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"),
        OrphanParent.class.getName(), tmp.toString())
        .redirectError(tmp.resolve("parent.err").toFile())
        .start();
    List<Long> pids;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      String line = Wait.until("the parent JVM to print its servers' pids", Duration.ofSeconds(60),
          () -> readLine(out), l -> l.startsWith("PIDS ") || l.equals("EOF"));
      assertThat(line).as("first line of the parent (stderr in " + tmp + "/parent.err)")
          .startsWith("PIDS ");
      pids = Arrays.stream(line.substring(5).split(" ")).map(Long::valueOf)
          .collect(Collectors.toList());
      assertThat(pids).hasSize(3).allSatisfy(pid -> assertThat(alive(pid)).isTrue());

      parent.destroyForcibly();
      parent.waitFor();
    } finally {
      parent.destroyForcibly();
    }
    Wait.until("the ZooKeeper server, etcd and its watchdog to exit " + pids,
        Duration.ofSeconds(20), () -> pids.stream().filter(NoOrphansIT::alive)
            .collect(Collectors.toList()), List::isEmpty);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String readLine(BufferedReader in) {
    try {
      String line = in.readLine();
      return line == null ? "EOF" : line;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
