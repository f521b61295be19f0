package dev.baton.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster that cannot start says which node failed and why, and leaves nothing running. */
class StartFailureIT {
  private static final Pattern PID = Pattern.compile("pid (\\d+)");

  @TempDir Path tmp;

  private Path script(String name, String body) throws IOException {
    Path file = Files.writeString(tmp.resolve(name), "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void aServerThatExitsFailsTheStartAtOnceWithItsLog() throws IOException {
    Path etcd = script("crashing-etcd", "echo \"cannot start: $2 is unhappy\"; exit 3");
    long t0 = System.nanoTime();
    IllegalStateException e = catchThrowableOfType(IllegalStateException.class,
        () -> EtcdCluster.builder().nodes(3).binary(etcd).dataDir(tmp.resolve("data")).start());

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    assertThat(e).hasMessageContaining("etcd node ").hasMessageContaining("exited during start-up")
        .hasMessageContaining("node.log").hasMessageContaining("cannot start: n")
        .hasMessageContaining("is unhappy");
  }

  @Test
  void aServerThatNeverAnswersFailsTheStartAfterTheTimeoutAndIsKilled() throws IOException {
    Path etcd = script("silent-etcd", "exec sleep 600");
    IllegalStateException e = catchThrowableOfType(IllegalStateException.class,
        () -> EtcdCluster.builder().nodes(1).binary(etcd).startTimeout(Duration.ofSeconds(1))
            .dataDir(tmp.resolve("data")).start());

    assertThat(e).hasMessageContaining("etcd node 1 (127.0.0.1:")
        .hasMessageContaining("did not serve clients within 1 s (start-up)")
        .hasMessageContaining("---- baton: ");
    Matcher pid = PID.matcher(e.getMessage());
    assertThat(pid.find()).as("a pid in: " + e.getMessage()).isTrue();
    assertThat(ProcessHandle.of(Long.parseLong(pid.group(1))).filter(ProcessHandle::isAlive))
        .as("the server that never answered").isEmpty();
  }
}
