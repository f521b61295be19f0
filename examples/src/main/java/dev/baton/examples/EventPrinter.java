package dev.baton.examples;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.function.BiConsumer;

/**
 * Prints a worker's events: for people, {@code 12:00:01.234 w1 ELECTED epoch=42}; for the demo
 * that started the worker, {@code @<epoch millis> ELECTED epoch=42}, one event per line.
 */
final class EventPrinter implements BiConsumer<String, String> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final PrintWriter out;
  private final String id;
  private final boolean machine;

  EventPrinter(PrintWriter out, String id, boolean machine) {
    this.out = out;
    this.id = id;
    this.machine = machine;
  }

  @Override
  public synchronized void accept(String type, String detail) {
    if (machine) {
      out.println("@" + System.currentTimeMillis() + " " + type + " " + detail);
    } else {
      out.println(LocalTime.now().format(TIME) + " " + id + " " + type
          + (detail.isEmpty() ? "" : " " + detail));
    }
    out.flush();
  }
}
