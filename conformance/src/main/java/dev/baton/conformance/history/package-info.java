/**
 * Jepsen-style fault schedules and their checker: a {@link dev.baton.conformance.history.History} of
 * timestamped events from every process of a run, a {@link dev.baton.conformance.history.FaultSchedule}
 * that produces one against a real cluster (participants in child JVMs, each through its own fault
 * proxy, a config writer and watchers, a seeded nemesis), and a {@link
 * dev.baton.conformance.history.HistoryChecker} that judges a history without any server: fencing,
 * epoch order, leader overlap, a leader after each heal, convergence, no spurious revocation.
 * See {@code docs/fault-schedule-checker.md}.
 */
package dev.baton.conformance.history;
