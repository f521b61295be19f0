package dev.baton.internal;

import dev.baton.KeyState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last good state of a coordinator's live values, kept in a file ({@link
 * dev.baton.CoordinatorOptions.Builder#snapshotFile}): read once when the coordinator is made,
 * written after each change, whole, to a temporary file that is then moved over the old one, so a
 * reader finds the old file or the new one, never half of one.
 *
 * <pre>
 * baton-snapshot 1
 * namespace orders
 * written 2026-11-30T21:00:00Z
 * &lt;key, base64url&gt; &lt;revision&gt; &lt;value, base64&gt;      one line per key, in key order
 * end &lt;number of keys&gt; &lt;CRC-32 of every byte above this line, hex&gt;
 * </pre>
 *
 * A file that does not parse, lacks its last line, fails its checksum or names another namespace
 * is refused as a whole, with a warning, and nothing of it is applied.
 */
final class SnapshotFile {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotFile.class);
  private static final String MAGIC = "baton-snapshot 1";

  /** A key's state as the file keeps it. */
  record Saved(long revision, byte[] value) {}

  private final Path file;
  private final String namespace;
  private final Executor writer;
  private final Map<String, Saved> atStart;
  private final TreeMap<String, Saved> current; // guarded by this
  private boolean dirty; // guarded by this: a write is queued
  private String lastWriteFailure; // guarded by this

  private SnapshotFile(Path file, String namespace, Executor writer, Map<String, Saved> read) {
    this.file = file;
    this.namespace = namespace;
    this.writer = writer;
    this.atStart = Map.copyOf(read);
    this.current = new TreeMap<>(read);
  }

  /** No file: nothing is read or written. */
  static SnapshotFile none() {
    return new SnapshotFile(null, "", Runnable::run, Map.of());
  }

  /**
   * Reads {@code file} (absent: empty) and keeps it up to date from then on, writing on {@code
   * writer} (a serial executor).
   */
  static SnapshotFile open(Path file, String namespace, Executor writer) {
    Objects.requireNonNull(file, "file");
    Map<String, Saved> read = Map.of();
    if (Files.exists(file)) {
      try {
        read = parse(Files.readString(file, StandardCharsets.UTF_8), namespace);
        LOG.info("snapshot file {} holds the last good state of {} key(s) of namespace '{}'",
            file, read.size(), namespace);
      } catch (IOException | RuntimeException e) {
        LOG.warn("snapshot file {} is refused and not applied: {}", file, e.getMessage());
      }
    }
    return new SnapshotFile(file, namespace, writer, read);
  }

  /** The file, if there is one. */
  Optional<Path> path() {
    return Optional.ofNullable(file);
  }

  /** What the file held for {@code key} when it was read. */
  Optional<Saved> saved(String key) {
    return Optional.ofNullable(atStart.get(key));
  }

  /** Records {@code state}, a live value's good state (absent: the key is forgotten). */
  void record(KeyState state) {
    if (file == null) {
      return;
    }
    synchronized (this) {
      if (state.exists()) {
        current.put(state.key(), new Saved(state.revision(), state.entry().get().value()));
      } else if (current.remove(state.key()) == null) {
        return;
      }
      if (dirty) {
        return;
      }
      dirty = true;
    }
    writer.execute(this::write);
  }

  /** Writes now if a change is not written yet (the coordinator is closing). */
  void flush() {
    boolean pending;
    synchronized (this) {
      pending = dirty;
    }
    if (pending) {
      write();
    }
  }

  private synchronized void write() {
    if (!dirty) {
      return;
    }
    dirty = false;
    String text = format(namespace, current, Instant.now());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      lastWriteFailure = null;
    } catch (IOException e) {
      String reason = e.toString();
      if (!reason.equals(lastWriteFailure)) {
        lastWriteFailure = reason;
        LOG.warn("could not write snapshot file {}: {}; the next change tries again", file, reason);
      }
    }
  }

  /** The file's text for {@code entries}. */
  static String format(String namespace, Map<String, Saved> entries, Instant written) {
    StringBuilder b = new StringBuilder();
    b.append(MAGIC).append('\n');
    b.append("namespace ").append(namespace).append('\n');
    b.append("written ").append(written).append('\n');
    Base64.Encoder keys = Base64.getUrlEncoder().withoutPadding();
    Base64.Encoder values = Base64.getEncoder();
    for (Map.Entry<String, Saved> e : entries.entrySet()) {
      b.append(keys.encodeToString(e.getKey().getBytes(StandardCharsets.UTF_8))).append(' ')
          .append(e.getValue().revision()).append(' ')
          .append(values.encodeToString(e.getValue().value())).append('\n');
    }
    String crc = crc(b.toString());
    b.append("end ").append(entries.size()).append(' ').append(crc).append('\n');
    return b.toString();
  }

  /**
   * The entries of a file's {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong, if the text is not a whole snapshot of
   *     {@code namespace}
   */
  static Map<String, Saved> parse(String text, String namespace) {
    int endAt = text.lastIndexOf("\nend ");
    if (!text.startsWith(MAGIC + "\n")) {
      throw new IllegalArgumentException("it is not a Baton snapshot (its first line is not '"
          + MAGIC + "')");
    }
    if (endAt < 0 || !text.endsWith("\n")) {
      throw new IllegalArgumentException("it is not whole: its last line, 'end ...', is missing");
    }
    String body = text.substring(0, endAt + 1);
    String[] end = text.substring(endAt + 1).strip().split(" ");
    if (end.length != 3 || !end[2].equals(crc(body))) {
      throw new IllegalArgumentException("its checksum does not match its content (changed or"
          + " cut short after it was written)");
    }
    String[] lines = body.split("\n");
    if (lines.length < 3 || !lines[1].equals("namespace " + namespace)) {
      throw new IllegalArgumentException("it is of another namespace ('"
          + (lines.length > 1 ? lines[1] : "") + "'; this coordinator's is '" + namespace + "')");
    }
    Map<String, Saved> entries = new TreeMap<>();
    Base64.Decoder keys = Base64.getUrlDecoder();
    Base64.Decoder values = Base64.getDecoder();
    for (int i = 3; i < lines.length; i++) {
      String[] f = lines[i].split(" ", -1);
      if (f.length != 3) {
        throw new IllegalArgumentException("line " + (i + 1) + " is not 'key revision value'");
      }
      entries.put(new String(keys.decode(f[0]), StandardCharsets.UTF_8),
          new Saved(Long.parseLong(f[1]), values.decode(f[2])));
    }
    if (entries.size() != Integer.parseInt(end[1])) {
      throw new IllegalArgumentException("it holds " + entries.size() + " keys and says "
          + end[1]);
    }
    return entries;
  }

  private static String crc(String text) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return Long.toHexString(crc.getValue());
  }
}
