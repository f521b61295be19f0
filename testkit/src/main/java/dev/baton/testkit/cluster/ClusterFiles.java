package dev.baton.testkit.cluster;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** Folders and log files of local clusters. */
final class ClusterFiles {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private ClusterFiles() {}

  /** {@code target/baton-clusters/<kind>-<timestamp>-<random>}, absolute, not yet created. */
  static Path defaultDataDir(String kind) {
    String random = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
    return Path.of("target", "baton-clusters", kind + "-" + LocalDateTime.now().format(STAMP)
        + "-" + random).toAbsolutePath();
  }

  /** Creates {@code dir}, which must not exist or be empty; returns its absolute path. */
  static Path createEmpty(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      if (Files.isDirectory(abs)) {
        try (Stream<Path> entries = Files.list(abs)) {
          if (entries.findAny().isPresent()) {
            throw new IllegalArgumentException("data dir must be empty or absent, but " + abs
                + " has files in it (a new cluster cannot reuse another cluster's data)");
          }
        }
      }
      return Files.createDirectories(abs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data dir " + abs, e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static void append(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The whole text of a small file, read to its end: {@link Files#readString} trusts the size a
   * file reports, which some /proc files report wrongly (ip_local_port_range reads as "3").
   */
  static String readFully(Path file) throws IOException {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The last {@code lines} lines of {@code file} (read from its last 16 KiB), never throws. */
  static String tail(Path file, int lines) {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, raf.length() - 16 * 1024);
      byte[] bytes = new byte[(int) (raf.length() - start)];
      raf.seek(start);
      raf.readFully(bytes);
      String[] all = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
      int from = Math.max(all.length > 1 && start > 0 ? 1 : 0, all.length - lines);
      return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
    } catch (IOException | RuntimeException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  /** Deletes {@code dir} and everything in it, best effort; never throws. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // Best effort: a store left behind costs disk space, not correctness.
    }
  }
}
