package dev.baton.spring;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link LeaderOnlyBeanPostProcessor} finds (election names, leader tasks), kept until {@link
 * BatonElections} starts, then handed to it as found.
 */
final class LeaderOnlyRegistry {
  private record Task(String election, String name, LeaderTask task) {}

  private final Set<String> elections = new LinkedHashSet<>(); // guarded by this
  private final List<Task> tasks = new ArrayList<>(); // guarded by this
  private BatonElections sink; // guarded by this

  void election(String name) {
    BatonElections target;
    synchronized (this) {
      elections.add(name);
      target = sink;
    }
    if (target != null) {
      target.joinDiscovered(name);
    }
  }

  void task(String election, String name, LeaderTask task) {
    BatonElections target;
    synchronized (this) {
      tasks.add(new Task(election, name, task));
      target = sink;
    }
    if (target != null) {
      target.register(election, name, task);
    }
  }

  /** Hands what was found so far to {@code elections}, and what is found later as it is. */
  void attach(BatonElections elections) {
    List<String> names;
    List<Task> found;
    synchronized (this) {
      sink = elections;
      names = List.copyOf(this.elections);
      found = List.copyOf(tasks);
    }
    names.forEach(elections::joinDiscovered);
    found.forEach(t -> elections.register(t.election(), t.name(), t.task()));
  }

  synchronized void detach() {
    sink = null;
  }
}
