package dev.baton.examples;

/** One line for a failure: its message, and the root cause's where it adds something. */
final class Errors {
  private Errors() {}

  static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())
        && !(e instanceof dev.baton.BatonException)) {
      message += " (" + root.getMessage() + ")";
    }
    return message.lines().findFirst().orElse(message);
  }
}
