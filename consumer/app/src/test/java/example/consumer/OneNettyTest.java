package example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The build resolved one Netty version: in Maven's dependency list of this project (written by
 * dependency:list before the tests) and on the class path the tests run with. tcnative and
 * jni-util have their own versions and are left aside.
 */
class OneNettyTest {
  private static final Pattern LISTED =
      Pattern.compile("io\\.netty:([a-z0-9-]+):jar(?::[a-z0-9_-]+)?:([^:\\s]+):");
  private static final Pattern JAR = Pattern.compile("(netty-[a-z0-9-]+?)-(\\d+\\.\\d+\\.\\d+\\.\\w+?)(?:-[a-z0-9_-]+)?\\.jar");

  @Test
  void dependencyListHasOneNettyVersion() throws IOException {
    String listed = Files.readString(Path.of("target", "dependencies.txt"));
    Map<String, Set<String>> versions = new TreeMap<>();
    Matcher m = LISTED.matcher(listed);
    while (m.find()) {
      record(versions, m.group(1), m.group(2));
    }
    assertThat(versions).as("Netty modules in dependency:list").isNotEmpty();
    System.out.println("Netty in dependency:list: " + versions);
    assertThat(versions.keySet()).as("Netty versions in dependency:list: " + versions).hasSize(1);
  }

  @Test
  void classPathHasOneNettyVersion() {
    Map<String, Set<String>> versions = new TreeMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Matcher m = JAR.matcher(Path.of(entry).getFileName().toString());
      if (m.matches()) {
        record(versions, m.group(1), m.group(2));
      }
    }
    assertThat(versions).as("Netty jars on the class path").isNotEmpty();
    assertThat(versions.keySet()).as("Netty versions on the class path: " + versions).hasSize(1);
  }

  private static void record(Map<String, Set<String>> versions, String module, String version) {
    if (module.startsWith("netty-tcnative") || module.equals("netty-jni-util")) {
      return;
    }
    versions.computeIfAbsent(version, v -> new TreeSet<>()).add(module);
  }
}
