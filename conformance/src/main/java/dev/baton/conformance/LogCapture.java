package dev.baton.conformance;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every line one logger tree writes while it runs, at TRACE: the formatted message and the
 * message of every throwable in its chain. Needs Logback as the SLF4J binding (the suite's
 * optional {@code logback-classic}); the logger's level and additivity are restored on {@link
 * #stop()}, and what is captured does not also go to the other appenders meanwhile.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> {
  private final Logger logger;
  private final Level level;
  private final boolean additive;
  private final List<String> lines = new ArrayList<>(); // guarded by this

  private LogCapture(Logger logger) {
    this.logger = logger;
    this.level = logger.getLevel();
    this.additive = logger.isAdditive();
  }

  /**
   * Starts capturing {@code name} and the loggers below it at TRACE.
   *
   * @throws IllegalStateException if Logback is not the SLF4J binding
   */
  static LogCapture start(String name) {
    org.slf4j.Logger found = LoggerFactory.getLogger(name);
    if (!(found instanceof Logger logback)) {
      throw new IllegalStateException("capturing log lines needs Logback as the SLF4J binding on"
          + " the test class path (add ch.qos.logback:logback-classic); found "
          + found.getClass().getName());
    }
    LogCapture capture = new LogCapture(logback);
    capture.setContext(logback.getLoggerContext());
    capture.setName("baton-log-capture");
    capture.start();
    logback.addAppender(capture);
    logback.setLevel(Level.TRACE);
    logback.setAdditive(false);
    return capture;
  }

  @Override
  protected synchronized void append(ILoggingEvent event) {
    lines.add(event.getLoggerName() + " " + event.getLevel() + " " + event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      lines.add(t.getClassName() + ": " + t.getMessage());
    }
  }

  /** The lines captured so far. */
  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** Restores the logger as it was and stops capturing. */
  @Override
  public void stop() {
    logger.detachAppender(this);
    logger.setLevel(level);
    logger.setAdditive(additive);
    super.stop();
  }
}
