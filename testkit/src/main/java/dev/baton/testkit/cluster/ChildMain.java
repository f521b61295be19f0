package dev.baton.testkit.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The main class of a child JVM that must not outlive its parent: {@code java -cp ...
 * dev.baton.testkit.cluster.ChildMain <main class> [args...]}.
 *
 * <p>A daemon thread reads standard input until end of stream and then halts the JVM with status
 * 1, without running shutdown hooks. The parent keeps the write end of that pipe open and never
 * writes, so end of stream means the parent is gone, however it died (SIGKILL included). The
 * calling thread then runs {@code <main class>.main(args)}; its exceptions are rethrown as they
 * are.
 */
public final class ChildMain {
  private ChildMain() {}

  /**
   * Watches standard input, then runs the target main class.
   *
   * @param args the target's fully qualified class name, then its arguments
   * @throws Throwable whatever the target's {@code main} throws
   */
  public static void main(String[] args) throws Throwable {
    if (args.length == 0) {
      System.err.println("usage: ChildMain <main class> [args...]");
      System.exit(2);
    }
    Thread watch = new Thread(ChildMain::haltWhenParentIsGone, "baton-parent-watch");
    watch.setDaemon(true);
    watch.start();
    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void haltWhenParentIsGone() {
    byte[] buffer = new byte[256];
    try {
      InputStream in = System.in;
      while (in.read(buffer) >= 0) {
        // The parent never writes; anything read is ignored.
      }
    } catch (IOException e) {
      // A broken pipe also means the parent is gone.
    }
    System.err.println("baton: parent process is gone (standard input closed), halting");
    Runtime.getRuntime().halt(1);
  }
}
