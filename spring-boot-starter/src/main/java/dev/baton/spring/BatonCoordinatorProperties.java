package dev.baton.spring;

import dev.baton.SuspendPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code baton.*} properties: how the application's {@link dev.baton.Coordinator} connects.
 *
 * <pre>
 * baton:
 *   uri: zookeeper://zk-1:2181,zk-2:2181,zk-3:2181/orders
 *   session-ttl: 10s
 *   participant-id: ${HOSTNAME}
 * </pre>
 *
 * <p>An option given in the URI ({@code ?sessionTtl=2s}) overrides the same property here.
 */
@ConfigurationProperties("baton")
public class BatonCoordinatorProperties {

  /** Whether to create Baton's coordinator, live properties and elections. */
  private boolean enabled = true;

  /**
   * Connection URI of the store: scheme://[user:password@]host[:port][,host[:port]...][/namespace]
   * [?option=value&...], e.g. zookeeper://127.0.0.1:2181/orders or etcd://127.0.0.1:2379/orders.
   * Required.
   */
  private String uri;

  /**
   * Liveness lease of this client: ephemeral keys and latch nodes die this long after the client
   * stops renewing. Crash failover takes about this long. 1s to 1h.
   */
  private Duration sessionTtl = Duration.ofSeconds(10);

  /** How long connecting waits for the store before startup fails. */
  private Duration connectTimeout = Duration.ofSeconds(10);

  /**
   * How long a blocking operation waits; also how long startup waits for the first state of each
   * live properties record.
   */
  private Duration operationTimeout = Duration.ofSeconds(5);

  /** What a leader does when its connection drops and it cannot know whether its session lives. */
  private SuspendPolicy suspendPolicy = SuspendPolicy.REVOKE_ON_SUSPEND;

  /** User name: etcd authentication, or a ZooKeeper digest identity. */
  private String username;

  /** Password of the user; never logged. */
  private String password;

  /**
   * Id of this instance in every election it joins (the leader's id others see). Default: host
   * name and process id, "host-1234".
   */
  private String participantId;

  /**
   * Connect in the background: startup does not wait for the store (beyond one operation timeout
   * for live properties records), which is retried until it answers; live properties records keep
   * their defaults meanwhile.
   */
  private boolean lazyConnect = false;

  /**
   * File that keeps the last good state of every live value of the coordinator (ConfigStore#live),
   * read at start, so a service restarted while the store is away starts with its last good
   * values. Live properties records follow a prefix watch and are not kept in it.
   */
  private Path snapshotFile;

  /** TLS to the store, from PEM files. */
  private final Tls tls = new Tls();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public Duration getSessionTtl() {
    return sessionTtl;
  }

  public void setSessionTtl(Duration sessionTtl) {
    this.sessionTtl = sessionTtl;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public Duration getOperationTimeout() {
    return operationTimeout;
  }

  public void setOperationTimeout(Duration operationTimeout) {
    this.operationTimeout = operationTimeout;
  }

  public SuspendPolicy getSuspendPolicy() {
    return suspendPolicy;
  }

  public void setSuspendPolicy(SuspendPolicy suspendPolicy) {
    this.suspendPolicy = suspendPolicy;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getParticipantId() {
    return participantId;
  }

  public void setParticipantId(String participantId) {
    this.participantId = participantId;
  }

  public boolean isLazyConnect() {
    return lazyConnect;
  }

  public void setLazyConnect(boolean lazyConnect) {
    this.lazyConnect = lazyConnect;
  }

  public Path getSnapshotFile() {
    return snapshotFile;
  }

  public void setSnapshotFile(Path snapshotFile) {
    this.snapshotFile = snapshotFile;
  }

  public Tls getTls() {
    return tls;
  }

  @Override
  public String toString() {
    return "BatonCoordinatorProperties[uri=" + uri + ", sessionTtl=" + sessionTtl
        + ", connectTimeout=" + connectTimeout + ", operationTimeout=" + operationTimeout
        + ", suspendPolicy=" + suspendPolicy + ", username=" + username
        + ", password=" + (password == null ? "none" : "***") + ", participantId=" + participantId
        + ", lazyConnect=" + lazyConnect + ", snapshotFile=" + snapshotFile + "]";
  }

  /** TLS to the store: {@code baton.tls.*}. */
  public static class Tls {
    /** PEM file of the certificate authority that signed the servers' certificates. */
    private Path ca;

    /** PEM certificate chain of this client, for client-certificate authentication (with key). */
    private Path cert;

    /** PEM private key of this client (PKCS#8 or PKCS#1, unencrypted), with cert. */
    private Path key;

    /** Host name to expect in the servers' certificates, if not the endpoint's host (etcd only). */
    private String authority;

    public Path getCa() {
      return ca;
    }

    public void setCa(Path ca) {
      this.ca = ca;
    }

    public Path getCert() {
      return cert;
    }

    public void setCert(Path cert) {
      this.cert = cert;
    }

    public Path getKey() {
      return key;
    }

    public void setKey(Path key) {
      this.key = key;
    }

    public String getAuthority() {
      return authority;
    }

    public void setAuthority(String authority) {
      this.authority = authority;
    }
  }
}
