package dev.baton.conformance.history;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a {@link History}: when, who, what.
 *
 * <p>As text: {@code <millis> #<seq> <source> <KIND> key=value ...}, for example {@code
 * 1718000000123 #412 p2-1 WRITE_OK key=fenced/owner epoch=4294967311 seq=17 rev=4294967330}.
 * {@code millis} is {@link System#currentTimeMillis()} of the process that saw the event (every
 * process of a run is on one machine, so they share one clock); {@code seq} is the order in which
 * the history received the event, which for one source is the order the source printed its events
 * in. Values are escaped so that they hold no space: {@code %} as {@code %25}, space {@code %20},
 * tab, CR and LF as {@code %09}, {@code %0D}, {@code %0A}.
 *
 * @param millis wall-clock milliseconds of the machine when the event happened
 * @param seq arrival order in the history (ties of {@code millis} are broken by it)
 * @param source the participant, watcher, writer, nemesis or checker that reported it
 * @param kind what happened; the fields each kind carries are listed on {@link Kind}
 * @param fields the event's fields, in the order they were given
 */
public record Event(long millis, long seq, String source, Kind kind, Map<String, String> fields) {
  /** What an event says; each kind lists the fields it carries. */
  public enum Kind {
    /** Nemesis: the run begins (fields: seed, faults, ttl, backend). */
    START,
    /** Nemesis: a participant process was started (fields: participant, slot, pid). */
    SPAWN,
    /** Participant: connected and its latch started. */
    READY,
    /** Participant: the session TTL the store granted (field: ttl, millis). */
    SESSION_TTL,
    /** Participant: a connection state change (field: state). */
    STATE,
    /** Participant: onElected (field: epoch). */
    ELECTED,
    /** Participant: onRevoked (fields: epoch, reason). */
    REVOKED,
    /** Participant: a guarded write is attempted (fields: key, epoch, seq). */
    WRITE,
    /** Participant: the guarded write was applied (fields: key, epoch, seq, rev). */
    WRITE_OK,
    /** Participant: the guarded write was refused with NotLeaderException (key, epoch, seq). */
    WRITE_REFUSED,
    /** Participant: the guarded write failed otherwise (fields: key, epoch, seq, error). */
    WRITE_FAILED,
    /** Participant: it could not start (field: error). */
    FAILED,
    /** Participant: it closed its latch and coordinator and leaves. */
    EXITED,
    /** Participant (seen by the test JVM): its process ended unbidden (field: status). */
    GONE,
    /** Writer: a config put is attempted (fields: key, value). */
    PUT,
    /** Writer: the put was acknowledged (fields: key, value, rev). */
    PUT_OK,
    /** Writer: the put failed; it may or may not have been applied (key, value, error). */
    PUT_FAILED,
    /** Watcher: a state delivered by a watch (fields: key, rev, exists, value if it exists). */
    SEEN,
    /** Nemesis: a fault begins (fields: id, fault, target, and the fault's parameters). */
    FAULT_START,
    /** Nemesis: the fault is healed (fields: id, fault, target). */
    FAULT_END,
    /** Nemesis: the schedule is over; participants and the writer are being stopped. */
    STOPPING,
    /** Checker: the store's state of a key read at the end (fields: key, rev, exists, value). */
    FINAL_READ,
    /** Nemesis: the run ends; watchers have had their time to converge. */
    END,
    /** Anyone: a remark that checks ignore (field: text). */
    NOTE
  }

  public Event {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kind, "kind");
    if (source.isEmpty() || source.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("source must be one word, was \"" + source + "\"");
    }
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The field {@code name}, or null. */
  public String get(String name) {
    return fields.get(name);
  }

  /** The field {@code name} as a number; fails with the event in the message if there is none. */
  public long number(String name) {
    String value = fields.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no field " + name + " in: " + this);
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("field " + name + " is not a number in: " + this, e);
    }
  }

  /** True if the event has field {@code name}. */
  public boolean has(String name) {
    return fields.containsKey(name);
  }

  /** The line this event is written as; {@link #parse} reads it back. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder().append(millis).append(" #").append(seq).append(' ')
        .append(source).append(' ').append(kind);
    fields.forEach((k, v) -> b.append(' ').append(k).append('=').append(escape(v)));
    return b.toString();
  }

  /**
   * Reads a line written by {@link #toString()}.
   *
   * @throws IllegalArgumentException if the line is not such a line
   */
  public static Event parse(String line) {
    String[] words = line.trim().split(" ");
    if (words.length < 4 || !words[1].startsWith("#")) {
      throw new IllegalArgumentException("not a history line: \"" + line + "\"");
    }
    try {
      long millis = Long.parseLong(words[0]);
      long seq = Long.parseLong(words[1].substring(1));
      Kind kind = Kind.valueOf(words[3]);
      return new Event(millis, seq, words[2], kind, parseFields(words, 4));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a history line: \"" + line + "\"", e);
    }
  }

  /** {@code key=value} words from {@code from} on, unescaped. */
  static Map<String, String> parseFields(String[] words, int from) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = from; i < words.length; i++) {
      if (words[i].isEmpty()) {
        continue;
      }
      int eq = words[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("field without a name: \"" + words[i] + "\"");
      }
      fields.put(words[i].substring(0, eq), unescape(words[i].substring(eq + 1)));
    }
    return fields;
  }

  /** {@code key=value} pairs from alternating names and values. */
  static Map<String, String> fields(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.put(String.valueOf(namesAndValues[i]), String.valueOf(namesAndValues[i + 1]));
    }
    return fields;
  }

  static String escape(String value) {
    return value.replace("%", "%25").replace(" ", "%20").replace("\t", "%09")
        .replace("\r", "%0D").replace("\n", "%0A");
  }

  static String unescape(String value) {
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%' && i + 2 < value.length()) {
        b.append((char) Integer.parseInt(value.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
