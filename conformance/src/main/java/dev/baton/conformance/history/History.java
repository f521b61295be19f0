package dev.baton.conformance.history;

import dev.baton.conformance.history.Event.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The events of one run from every process in one place: participants (child JVMs, which stamp
 * their own events), the config writer and watchers, the nemesis and the final reads.
 *
 * <p><b>Time base.</b> Every event carries {@link System#currentTimeMillis()} of the process that
 * saw it. All processes of a run are on one machine, so they read one clock; its resolution (1 ms)
 * and the time a process takes between an event and printing it (a callback executor, a pipe, a
 * busy CPU) are the only skew between sources, which is why the checks compare times of different
 * processes only with a slack (see {@link CheckerBounds}). A step of the system clock during a run
 * (NTP) would skew the history; the machines the tests run on do not step their clocks in minutes.
 *
 * <p>{@link #events()} orders events by time, ties by arrival. Within one source the arrival order
 * is the order the source reported them in, which the checks use where order matters more than
 * time (a watcher's states, a participant's elected/revoked). Thread-safe.
 */
public final class History {
  /** Time order, then arrival order. */
  public static final Comparator<Event> ORDER =
      Comparator.comparingLong(Event::millis).thenComparingLong(Event::seq);

  private final List<Event> events = new ArrayList<>(); // guarded by this
  private final LongSupplier clock;
  private long nextSeq; // guarded by this

  /** A history whose own events are stamped with {@link System#currentTimeMillis()}. */
  public History() {
    this(System::currentTimeMillis);
  }

  History(LongSupplier clock) {
    this.clock = clock;
  }

  /** Records an event seen now in this JVM; fields are alternating names and values. */
  public Event record(String source, Kind kind, Object... namesAndValues) {
    return add(clock.getAsLong(), source, kind, Event.fields(namesAndValues));
  }

  /** Records an event stamped by its source. */
  public synchronized Event add(long millis, String source, Kind kind, Map<String, String> fields) {
    Event e = new Event(millis, nextSeq++, source, kind, fields);
    events.add(e);
    return e;
  }

  /**
   * Records a line a participant printed: {@code <millis> <KIND> key=value ...}.
   *
   * @throws IllegalArgumentException if the line is not one
   */
  public Event addReported(String source, String line) {
    String[] words = line.trim().split(" ");
    if (words.length < 2) {
      throw new IllegalArgumentException("not an event line from " + source + ": \"" + line + "\"");
    }
    try {
      return add(Long.parseLong(words[0]), source, Kind.valueOf(words[1]),
          Event.parseFields(words, 2));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not an event line from " + source + ": \"" + line + "\"", e);
    }
  }

  /** Every event so far, by time, ties by arrival. */
  public List<Event> events() {
    List<Event> copy;
    synchronized (this) {
      copy = new ArrayList<>(events);
    }
    return sorted(copy);
  }

  /** The number of events so far. */
  public synchronized int size() {
    return events.size();
  }

  /** {@code events} in history order. */
  public static List<Event> sorted(Collection<Event> events) {
    List<Event> out = new ArrayList<>(events);
    out.sort(ORDER);
    return List.copyOf(out);
  }

  /** Writes every event, one line each, in history order, to {@code file}. */
  public void write(Path file) {
    List<String> lines = new ArrayList<>();
    for (Event e : events()) {
      lines.add(e.toString());
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the history to " + file, e);
    }
  }

  /** Reads a history written by {@link #write(Path)}, for checking it again. */
  public static List<Event> read(Path file) {
    try {
      List<Event> out = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(Event.parse(line));
        }
      }
      return sorted(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a history from " + file, e);
    }
  }
}
