package dev.baton.conformance.history;

import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link FaultSchedule} run leaves: its history, the checker's verdict, the summary text,
 * and the folder holding {@code history.txt}, {@code summary.txt} and the participants' logs.
 */
public record ScheduleReport(List<Event> history, List<Violation> violations, String summary,
    Path folder) {
  public ScheduleReport {
    history = List.copyOf(history);
    violations = List.copyOf(violations);
  }
}
