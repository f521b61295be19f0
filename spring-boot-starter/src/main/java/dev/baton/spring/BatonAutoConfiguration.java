package dev.baton.spring;

import dev.baton.Coordinator;
import dev.baton.CoordinatorOptions;
import dev.baton.Credentials;
import dev.baton.TlsOptions;
import java.net.InetAddress;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Baton for a Spring Boot application: a {@link Coordinator} from the {@code baton.*} properties
 * ({@link BatonCoordinatorProperties}), {@link BatonElections} for {@link LeaderOnly} methods and
 * {@link LeaderTask}s, and the validator of {@link EnableBatonProperties live properties records}.
 * Off with {@code baton.enabled=false}; a {@code Coordinator} bean of the application's own
 * replaces the one made here.
 */
@AutoConfiguration
@ConditionalOnClass(Coordinator.class)
@ConditionalOnBooleanProperty(name = "baton.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BatonCoordinatorProperties.class)
public class BatonAutoConfiguration {

  /**
   * The coordinator, connected when the context starts (at once with {@code baton.lazy-connect})
   * and closed when it closes.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Coordinator batonCoordinator(BatonCoordinatorProperties properties,
      ObjectProvider<CoordinatorOptionsCustomizer> customizers) {
    String uri = properties.getUri();
    if (uri == null || uri.isBlank()) {
      throw new BatonConfigurationException("baton.uri is not set: Baton needs the URI of its"
          + " store to start", "Set baton.uri (or the environment variable BATON_URI), e.g."
          + " baton.uri=zookeeper://zk-1:2181,zk-2:2181/orders or"
          + " baton.uri=etcd://etcd-1:2379/orders; or set baton.enabled=false to run without"
          + " Baton.");
    }
    CoordinatorOptions.Builder options = options(properties);
    customizers.orderedStream().forEach(c -> c.customize(options));
    try {
      return Coordinator.connect(uri.trim(), options.build());
    } catch (IllegalArgumentException e) {
      throw new BatonConfigurationException("baton.uri or the options given are invalid: "
          + e.getMessage(), "Fix baton.uri: scheme://host:port[,host:port...]/namespace"
          + "[?option=value...], with a scheme whose backend is on the class path"
          + " (baton-zookeeper: zookeeper://, baton-etcd: etcd://).", e);
    }
  }

  /** The options the {@code baton.*} properties give, before customizers and the URI's options. */
  static CoordinatorOptions.Builder options(BatonCoordinatorProperties p) {
    CoordinatorOptions.Builder b = CoordinatorOptions.builder();
    set("baton.session-ttl", p.getSessionTtl(), b::sessionTtl);
    set("baton.connect-timeout", p.getConnectTimeout(), b::connectTimeout);
    set("baton.operation-timeout", p.getOperationTimeout(), b::operationTimeout);
    set("baton.suspend-policy", p.getSuspendPolicy(), b::suspendPolicy);
    if (p.getUsername() != null && !p.getUsername().isEmpty()) {
      b.credentials(Credentials.of(p.getUsername(),
          p.getPassword() == null ? "" : p.getPassword()));
    } else if (p.getPassword() != null && !p.getPassword().isEmpty()) {
      throw new BatonConfigurationException("baton.password is set but baton.username is not",
          "Set baton.username too, or remove baton.password.");
    }
    tls(p.getTls(), b);
    // The two options of lazy connection and snapshot file (CoordinatorOptions.Builder
    // #lazyConnect and #snapshotFile).
    b.lazyConnect(p.isLazyConnect());
    set("baton.snapshot-file", p.getSnapshotFile(), b::snapshotFile);
    return b;
  }

  private static void tls(BatonCoordinatorProperties.Tls tls, CoordinatorOptions.Builder b) {
    if (tls.getCa() == null) {
      if (tls.getCert() != null || tls.getKey() != null || tls.getAuthority() != null) {
        throw new BatonConfigurationException("baton.tls.cert, baton.tls.key and"
            + " baton.tls.authority need baton.tls.ca",
            "Set baton.tls.ca to the PEM file of the CA that signed the servers' certificates.");
      }
      return;
    }
    try {
      TlsOptions options = TlsOptions.trusting(tls.getCa());
      if (tls.getCert() != null || tls.getKey() != null) {
        if (tls.getCert() == null || tls.getKey() == null) {
          throw new IllegalArgumentException("baton.tls.cert and baton.tls.key go together; got"
              + " only " + (tls.getCert() == null ? "baton.tls.key" : "baton.tls.cert"));
        }
        options = options.withClientCertificate(tls.getCert(), tls.getKey());
      }
      if (tls.getAuthority() != null) {
        options = options.withAuthority(tls.getAuthority());
      }
      b.tls(options);
    } catch (IllegalArgumentException e) {
      throw new BatonConfigurationException("baton.tls: " + e.getMessage(),
          "Point baton.tls.ca (and baton.tls.cert with baton.tls.key) at readable PEM files.", e);
    }
  }

  private static <T> void set(String property, T value, Consumer<T> setter) {
    if (value == null) {
      return;
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw new BatonConfigurationException(property + " = " + value + " is refused: "
          + e.getMessage(), "Fix " + property + ".", e);
    }
  }

  /** The elections of {@link LeaderOnly} methods and {@link LeaderTask}s. */
  @Bean
  @ConditionalOnMissingBean
  public BatonElections batonElections(Coordinator coordinator,
      BatonCoordinatorProperties properties, ApplicationEventPublisher publisher,
      ObjectProvider<LeaderOnlyBeanPostProcessor> leaderOnly) {
    String id = properties.getParticipantId();
    if (id == null || id.isBlank()) {
      id = defaultParticipantId();
    }
    try {
      LeaderOnlyBeanPostProcessor processor = leaderOnly.getIfAvailable();
      return new BatonElections(coordinator, id, publisher,
          processor == null ? null : processor.registry());
    } catch (IllegalArgumentException e) {
      throw new BatonConfigurationException("baton.participant-id is refused: " + e.getMessage(),
          "Set baton.participant-id to 1 to 256 UTF-8 bytes without control characters.", e);
    }
  }

  /** Guards {@link LeaderOnly} methods and finds {@link LeaderTask} beans. */
  @Bean
  static LeaderOnlyBeanPostProcessor batonLeaderOnlyBeanPostProcessor() {
    return new LeaderOnlyBeanPostProcessor();
  }

  /** This host's name and this process's id: {@code host-1234}. */
  static String defaultParticipantId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = System.getenv().getOrDefault("HOSTNAME", "localhost");
    }
    return host + "-" + ProcessHandle.current().pid();
  }

  /** Validates live properties records where Jakarta Validation is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "jakarta.validation.Validator")
  static class RecordValidationConfiguration {
    @Bean
    @ConditionalOnMissingBean(RecordValidator.class)
    JakartaRecordValidator batonRecordValidator(
        ObjectProvider<jakarta.validation.Validator> validators) {
      jakarta.validation.Validator validator = validators.getIfUnique();
      return validator != null ? JakartaRecordValidator.using(validator)
          : JakartaRecordValidator.fromDefaultProvider();
    }
  }
}
