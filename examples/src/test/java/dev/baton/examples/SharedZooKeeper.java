package dev.baton.examples;

import dev.baton.testkit.cluster.ZooKeeperEnsemble;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one-node ZooKeeper ensemble (TTL nodes on) of this module's ITs, a parameter of type {@link
 * ZooKeeperEnsemble}: started for the first test class that asks, closed after the last test (it is
 * kept in the root store), so that the ITs start one ensemble between them. Each test works in a
 * namespace of its own.
 */
final class SharedZooKeeper implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ZooKeeperEnsemble.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.create(SharedZooKeeper.class))
        .getOrComputeIfAbsent(ZooKeeperEnsemble.class,
            k -> ZooKeeperEnsemble.builder().nodes(1).start(), ZooKeeperEnsemble.class);
  }
}
