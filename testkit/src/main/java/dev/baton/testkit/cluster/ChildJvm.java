package dev.baton.testkit.cluster;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/*
 * The command line of a child JVM that runs a server from this JVM's class path.
 *
 * The class path is built from the code sources of the classes the server needs rather than from
 * java.class.path, which under Surefire is a manifest-only jar and in a fat jar is that jar (then
 * every code source is the same jar, and the de-duplicated class path is just it).
 */
final class ChildJvm {
  /** Needed by a ZooKeeper server; the first three are in the zookeeper jars. */
  private static final List<String> ZOOKEEPER_CLASSES = List.of(
      "org.apache.zookeeper.server.quorum.QuorumPeerMain",
      "org.apache.jute.Record",
      "com.codahale.metrics.Reservoir",
      "org.xerial.snappy.Snappy",
      "org.slf4j.Logger");

  /**
   * Added where present: logging backend, ZooKeeper's optional helpers, and the Netty jars its
   * Netty connection factory needs for TLS client ports (common, buffer, transport, resolver,
   * codec, handler, and the epoll transport, which it prefers where it loads).
   */
  private static final List<String> OPTIONAL_CLASSES = List.of(
      "ch.qos.logback.classic.Logger",
      "ch.qos.logback.core.Appender",
      "org.apache.commons.io.FileUtils",
      "io.netty.util.concurrent.Future",
      "io.netty.buffer.ByteBuf",
      "io.netty.channel.Channel",
      "io.netty.resolver.AddressResolver",
      "io.netty.handler.codec.ByteToMessageDecoder",
      "io.netty.handler.ssl.SslContext",
      "io.netty.channel.unix.Socket",
      "io.netty.channel.epoll.Epoll");

  static final String LOGBACK_CLASS = "ch.qos.logback.classic.Logger";

  private ChildJvm() {}

  /** {@code java <options> -cp <cp> ChildMain <mainClass> <args>}. */
  static List<String> command(List<String> jvmOptions, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(zooKeeperClassPath());
    command.add(ChildMain.class.getName());
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }

  static boolean isPresent(String className) {
    return load(className).isPresent();
  }

  static String zooKeeperClassPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String name : ZOOKEEPER_CLASSES) {
      Class<?> type = load(name).orElseThrow(() -> new IllegalStateException(
          "cannot run a ZooKeeper server: class " + name + " is not on the class path (the"
              + " testkit needs zookeeper, metrics-core and snappy-java)"));
      entries.add(location(type));
    }
    for (String name : OPTIONAL_CLASSES) {
      load(name).ifPresent(type -> entries.add(location(type)));
    }
    entries.add(location(ChildMain.class));
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static Optional<Class<?>> load(String name) {
    try {
      return Optional.of(Class.forName(name, false, ChildJvm.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }

  private static String location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new IllegalStateException("cannot tell where " + type.getName()
          + " was loaded from, so cannot put it on a child JVM's class path");
    }
    try {
      return Path.of(source.getLocation().toURI()).toString();
    } catch (URISyntaxException | RuntimeException e) {
      throw new IllegalStateException("cannot use " + source.getLocation() + " (the location of "
          + type.getName() + ") on a child JVM's class path", e);
    }
  }
}
