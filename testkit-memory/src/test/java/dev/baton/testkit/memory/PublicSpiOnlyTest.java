package dev.baton.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Coordinator;
import dev.baton.LatchOptions;
import dev.baton.LeaderLatch;
import dev.baton.Leadership;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The memory backend is a backend like any other could be: built on the public SPI ({@code
 * dev.baton.spi}) and API alone, never on Baton's internal package.
 */
class PublicSpiOnlyTest {
  @Test
  void noClassOfTheMemoryBackendRefersToBatonInternals() throws Exception {
    Map<String, List<String>> offenders = new TreeMap<>();
    List<Path> classes = memoryClasses();
    assertThat(classes).as("the backend's compiled classes").hasSizeGreaterThanOrEqualTo(6);
    for (Path c : classes) {
      List<String> refs = internalReferences(c);
      if (!refs.isEmpty()) {
        offenders.put(c.getFileName().toString(), refs);
      }
    }
    assertThat(offenders).as("classes that refer to dev.baton.internal").isEmpty();
  }

  @Test
  void theBackendItBuildsElectsAndStores() {
    try (Coordinator c = Coordinator.connect("memory://spi-only/ns")) {
      assertThat(c.config().put("k", "v".getBytes(StandardCharsets.UTF_8)).version()).isEqualTo(1);
      try (LeaderLatch latch = c.leaderLatch("jobs", LatchOptions.participant("a"))) {
        latch.start();
        Leadership term = latch.awaitLeadership(Duration.ofSeconds(10)).orElseThrow();
        assertThat(term.put("owned", new byte[] {1}).version()).isEqualTo(1);
        assertThat(c.election("jobs").currentLeader()).hasValueSatisfying(
            l -> assertThat(l.participantId()).isEqualTo("a"));
      }
    }
  }

  /** The class files of dev.baton.testkit.memory, from the directory or jar this class's came from. */
  private static List<Path> memoryClasses() throws URISyntaxException, IOException {
    Path root = Path.of(MemoryProvider.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    try (Stream<Path> files = Files.walk(root.resolve("dev/baton/testkit/memory"))) {
      return files.filter(p -> p.toString().endsWith(".class")).toList();
    }
  }

  /** Names from the class file's constant pool that lie in dev/baton/internal. */
  private static List<String> internalReferences(Path classFile) throws IOException {
    String text = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
    return java.util.regex.Pattern.compile("dev/baton/internal/[A-Za-z0-9_$]+")
        .matcher(text).results().map(m -> m.group()).distinct().toList();
  }
}
