package dev.baton.spring;

import dev.baton.Coordinator;
import dev.baton.Keys;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Makes the {@link LiveProperties} beans that {@link EnableBatonProperties} registers, each waiting
 * for its first state. With {@code baton.lazy-connect} they share one wait of the operation
 * timeout, counted from this factory's creation, so a store that is away delays startup once.
 */
final class LivePropertiesFactory {
  static final String BEAN_NAME = "batonLivePropertiesFactory";
  private static final Logger LOG = LoggerFactory.getLogger(LiveProperties.class);

  private final Coordinator coordinator;
  private final RecordValidator validator;
  private final long lazyDeadlineNanos;

  LivePropertiesFactory(Coordinator coordinator, ObjectProvider<RecordValidator> validator) {
    this.coordinator = coordinator;
    this.validator = validator.getIfAvailable();
    this.lazyDeadlineNanos = System.nanoTime() + coordinator.options().operationTimeout().toNanos();
  }

  <T extends Record> LiveProperties<T> create(Class<T> type) {
    BatonProperties annotation = type.getAnnotation(BatonProperties.class);
    if (annotation == null) {
      throw new BatonConfigurationException(type.getName() + " is listed in @EnableBatonProperties"
          + " but has no @BatonProperties annotation",
          "Annotate it with @BatonProperties(prefix = \"...\").");
    }
    String prefix = annotation.prefix();
    if (!Keys.isValidKey(prefix)) {
      throw new BatonConfigurationException("@BatonProperties(prefix = \"" + prefix + "\") on "
          + type.getName() + " is not a valid key prefix",
          "Use a prefix such as \"checkout\" or \"services/checkout\": " + Keys.KEY_RULE + ".");
    }
    DefaultLiveProperties<T> live =
        new DefaultLiveProperties<>(type, prefix, new RecordBinder<>(type, prefix, validator));
    boolean lazy = coordinator.options().lazyConnect();
    Duration wait = lazy
        ? Duration.ofNanos(Math.max(0, lazyDeadlineNanos - System.nanoTime()))
        : coordinator.options().operationTimeout();
    live.start(coordinator.config());
    boolean read = live.awaitFirstState(wait);
    if (read && live.firstRefusal() != null) {
      live.close();
      LivePropertiesError error = live.firstRefusal();
      throw new BatonConfigurationException("The stored configuration under '" + prefix + "' ("
          + type.getName() + ") is invalid, and there is no last good state to keep yet: "
          + error.reason(),
          "Fix " + (error.keys().isEmpty() ? "the keys under '" + prefix + "'" : error.keys())
              + " in the store (namespace '" + coordinator.namespace() + "'), or delete them to"
              + " start with the record's defaults.");
    }
    if (!read) {
      if (!lazy) {
        live.close();
        throw new BatonConfigurationException("No state of the keys under '" + prefix + "' ("
            + type.getName() + ") came from " + coordinator.uri() + " within " + wait
            + " (baton.operation-timeout)",
            "Check that the store is reachable and answers, raise baton.operation-timeout, or set"
                + " baton.lazy-connect=true to start with the defaults.");
      }
      LOG.info("'{}' ({}) starts with its defaults: the store was not reached yet; it follows the"
          + " store once connected", prefix, type.getSimpleName());
    }
    return live;
  }
}
