package dev.baton;

import dev.baton.spi.CoordinatorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds the backend for a URI scheme. */
final class Providers {
  private Providers() {}

  static CoordinatorProvider forScheme(String scheme) {
    List<CoordinatorProvider> all = new ArrayList<>();
    ServiceLoader.load(CoordinatorProvider.class, Coordinator.class.getClassLoader()).forEach(all::add);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && context != Coordinator.class.getClassLoader()) {
      ServiceLoader.load(CoordinatorProvider.class, context).forEach(all::add);
    }
    TreeSet<String> known = new TreeSet<>();
    for (CoordinatorProvider p : all) {
      if (p.schemes().contains(scheme)) {
        return p;
      }
      known.addAll(p.schemes());
    }
    throw new IllegalArgumentException(
        "no Baton backend for scheme '" + scheme + "'; schemes found on the class path: "
            + (known.isEmpty() ? "none (add baton-zookeeper or baton-etcd)" : String.join(", ", known)));
  }
}
