package dev.baton.testkit.cluster;

import dev.baton.testkit.tls.TestCertificates;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * An etcd cluster of 1 to 9 members on loopback, run from the {@code etcd} binary: {@code
 * ETCD_BIN} if set, else {@code etcd} on {@code PATH} (Debian: {@code apt-get install
 * etcd-server}).
 *
 * <pre>{@code
 * try (EtcdCluster etcd = EtcdCluster.builder().nodes(3).start()) {
 *   Client client = Client.builder().endpoints(etcd.endpoints().toArray(String[]::new)).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Member {@code i} is named {@code n<i>}, listens for clients and peers on free loopback ports,
 * stores its data in {@code <dataDir>/n<i>/data} and logs to {@code <dataDir>/n<i>/node.log}; the
 * cluster token is unique per cluster. Each member runs with a watchdog process ({@code sh}) that
 * kills it with SIGKILL when this JVM dies, since etcd cannot watch its parent; {@link
 * ClusterNode} faults act on the etcd process itself. A restarted member keeps its data (etcd
 * ignores the initial-cluster flags then).
 *
 * <p>Where there is no binary, but Testcontainers is on the class path and Docker answers, the
 * same cluster runs in containers of {@code BATON_ETCD_IMAGE} (default {@value #DEFAULT_IMAGE});
 * there {@link ClusterNode#pid()} is the container's main process as Docker sees it. Where there
 * is neither, {@link Builder#start()} throws an {@link IllegalStateException} that says how to get
 * one.
 *
 * <h2>TLS</h2>
 *
 * <p>{@link Builder#tls(TestCertificates, boolean)} makes the members serve clients over TLS with
 * certificates generated at test time by {@link TestCertificates} (peers still talk plain HTTP
 * among themselves):
 *
 * <pre>{@code
 * @TempDir static Path tls;
 *
 * TestCertificates certs = TestCertificates.generate(tls);
 * try (EtcdCluster etcd = EtcdCluster.builder().nodes(3).tls(certs, true).start()) {
 *   TestCertificates.Issued alice = certs.client("alice"); // etcd user "alice" once auth is on
 *   // etcd.endpoints(): "https://127.0.0.1:<port>", ...; the client trusts certs.ca() and
 *   // presents alice.certificate() with alice.pkcs8Key() (or .pkcs1Key()), for example
 *   // io.grpc.netty.GrpcSslContexts.forClient().trustManager(certs.ca().toFile())
 *   //     .keyManager(alice.certificate().toFile(), alice.pkcs8Key().toFile()).build()
 *   // or, for java.net.http and other JSSE clients, certs.sslContext(alice)
 * }
 * }</pre>
 *
 * <p>Each member then runs with {@code --cert-file}/{@code --key-file} (the {@link
 * TestCertificates#server() server} certificate, valid for {@code 127.0.0.1} and {@code
 * localhost}) and, with client certificate authentication, {@code --trusted-ca-file} ({@link
 * TestCertificates#ca()}) and {@code --client-cert-auth}: every client must then present a
 * certificate signed by the CA, and etcd takes its common name as the user name when auth is
 * enabled (etcd asks every client for a certificate as soon as it has a trusted CA, so there is
 * none without client certificate authentication). The cluster's own health and leader probes present {@code certs.client("root")}
 * (issued if need be). {@link ClientLink}s work as without TLS, since a TCP proxy passes TLS
 * through unchanged; connect to a proxy as {@code https://} + its address. TLS needs the etcd
 * binary: the Docker fallback does not support it.
 */
public final class EtcdCluster extends AbstractCluster {
  /** The image used with Docker when {@code BATON_ETCD_IMAGE} is not set. */
  public static final String DEFAULT_IMAGE = "bitnamilegacy/etcd:3.5.17";

  private final TestCertificates certificates;
  private final EtcdProbe probe;
  private String rootPassword; // guarded by this

  EtcdCluster(Path dataDir, Duration startTimeout, boolean keepData,
      List<? extends AbstractNode> nodes, AutoCloseable resource) {
    this(dataDir, startTimeout, keepData, nodes, resource, null, new EtcdProbe());
  }

  private EtcdCluster(Path dataDir, Duration startTimeout, boolean keepData,
      List<? extends AbstractNode> nodes, AutoCloseable resource,
      TestCertificates certificates, SSLContext probeContext) {
    this(dataDir, startTimeout, keepData, nodes, resource, certificates,
        new EtcdProbe(probeContext));
  }

  private EtcdCluster(Path dataDir, Duration startTimeout, boolean keepData,
      List<? extends AbstractNode> nodes, AutoCloseable resource,
      TestCertificates certificates, EtcdProbe probe) {
    super(Kind.ETCD, dataDir, probe, startTimeout, keepData, nodes, resource);
    this.certificates = certificates;
    this.probe = probe;
  }

  /** What a user's role may do with the keys under a prefix ({@link #grant}). */
  public enum Access {
    READ,
    WRITE,
    READWRITE
  }

  /**
   * Adds user {@code name} with {@code password}, and a role of the same name that grants nothing
   * yet ({@link #grant}). Before or after {@link #enableAuth}.
   *
   * @throws IllegalStateException quoting etcd's answer if it refuses (the user exists, say)
   */
  public void addUser(String name, String password) {
    admin("/v3/auth/user/add", "{\"name\":" + json(name) + ",\"password\":" + json(password) + "}");
    admin("/v3/auth/role/add", "{\"name\":" + json(name) + "}");
    admin("/v3/auth/user/grant", "{\"user\":" + json(name) + ",\"role\":" + json(name) + "}");
  }

  /**
   * Lets user {@code name} (one {@link #addUser} added) {@code access} the keys that start with
   * {@code prefix}, for example {@code "/orders/"} for everything of Baton's namespace {@code
   * orders}.
   */
  public void grant(String name, String prefix, Access access) {
    byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
    end[end.length - 1]++;
    admin("/v3/auth/role/grant", "{\"name\":" + json(name) + ",\"perm\":{\"permType\":\""
        + access + "\",\"key\":\"" + base64(prefix.getBytes(StandardCharsets.UTF_8))
        + "\",\"range_end\":\"" + base64(end) + "\"}}");
  }

  /**
   * Turns authentication on, with user {@code root} (password {@code rootPassword}, role {@code
   * root}) added first as etcd demands. From then on every client needs a user: a password, or a
   * client certificate whose common name is the user; this cluster's own calls authenticate as
   * root.
   */
  public void enableAuth(String rootPassword) {
    admin("/v3/auth/user/add", "{\"name\":\"root\",\"password\":" + json(rootPassword) + "}");
    admin("/v3/auth/role/add", "{\"name\":\"root\"}");
    admin("/v3/auth/user/grant", "{\"user\":\"root\",\"role\":\"root\"}");
    admin("/v3/auth/enable", "{}");
    this.rootPassword = rootPassword;
  }

  /** One administrative call through a running member, as root once auth is on. */
  private synchronized String admin(String path, String body) {
    ClusterNode node = nodes().stream().filter(n -> n.isRunning() && !n.isPaused()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no etcd member is running for " + path));
    String token = null;
    if (rootPassword != null) {
      String answer = probe.post(node, "/v3/auth/authenticate",
          "{\"name\":\"root\",\"password\":" + json(rootPassword) + "}", null);
      Matcher m = TOKEN.matcher(answer);
      if (!m.find()) {
        throw new IllegalStateException("etcd gave no token to root: " + answer);
      }
      token = m.group(1);
    }
    return probe.post(node, path, body, token);
  }

  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

  private static String json(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** A builder for 3 members and a fresh data dir under {@code target/}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The client URLs, {@code http://127.0.0.1:<port>}, or {@code https://127.0.0.1:<port>} with
   * {@link Builder#tls TLS}, in node order (what jetcd takes).
   */
  public List<String> endpoints() {
    String scheme = certificates != null ? "https://" : "http://";
    List<String> urls = new ArrayList<>();
    for (ClusterNode node : nodes()) {
      urls.add(scheme + node.clientAddress());
    }
    return urls;
  }

  /** The certificates the members serve clients with, if the cluster runs with TLS. */
  public Optional<TestCertificates> certificates() {
    return Optional.ofNullable(certificates);
  }

  /** The etcd binary from {@code ETCD_BIN} or {@code PATH} in {@code env}, if there is one. */
  static Optional<Path> findBinary(Map<String, String> env) {
    String explicit = env.get("ETCD_BIN");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(executable(Path.of(explicit), "ETCD_BIN"));
    }
    for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = dir.isEmpty() ? null : Path.of(dir, "etcd");
      if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** What to do when there is no etcd to run. */
  static String noEtcdMessage(Map<String, String> env) {
    return "No etcd server to run: ETCD_BIN is not set, there is no etcd on PATH ("
        + env.getOrDefault("PATH", "") + ") and Docker is not available. Get one of them: "
        + "install the etcd binary (Debian/Ubuntu: \"apt-get install etcd-server\"), or set "
        + "ETCD_BIN to the path of an etcd binary, or install Docker (with Testcontainers on the"
        + " class path) to run image " + image(env) + " (set BATON_ETCD_IMAGE to change it).";
  }

  static String image(Map<String, String> env) {
    String image = env.get("BATON_ETCD_IMAGE");
    return image == null || image.isBlank() ? DEFAULT_IMAGE : image;
  }

  private static Path executable(Path path, String source) {
    if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
      throw new IllegalStateException(source + " names " + path
          + ", which is not an executable file");
    }
    return path.toAbsolutePath();
  }

  private static boolean dockerAvailable() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory", false,
          EtcdCluster.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    return EtcdContainers.dockerAvailable();
  }

  /** Options of an {@link EtcdCluster}; each setter checks its value at once. */
  public static final class Builder {
    private int nodes = 3;
    private Path dataDir;
    private Path binary;
    private Duration startTimeout = Duration.ofSeconds(60);
    private boolean keepData;
    private TestCertificates certificates;
    private boolean clientCertAuth;

    private Builder() {}

    /** Number of members, 1 to 9. Default 3. */
    public Builder nodes(int count) {
      this.nodes = Settings.nodeCount(count);
      return this;
    }

    /**
     * The folder for the cluster's files, created if absent; must be empty. Default {@code
     * target/baton-clusters/etcd-<timestamp>-<random>} under the working directory.
     */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dataDir");
      return this;
    }

    /** The etcd binary to run, instead of {@code ETCD_BIN} or {@code PATH}. */
    public Builder binary(Path etcd) {
      this.binary = Objects.requireNonNull(etcd, "binary");
      return this;
    }

    /** How long start-up, a restart or a restore may take. Default 60 s. */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Settings.positive("startTimeout", timeout);
      return this;
    }

    /** Keep the members' data after close. Default false: only logs are kept. */
    public Builder keepData(boolean keep) {
      this.keepData = keep;
      return this;
    }

    /**
     * Serve clients over TLS only, with the server certificate of {@code certificates}; peers
     * keep talking plain HTTP among themselves. Client URLs become {@code
     * https://127.0.0.1:<port>}. Default: plain HTTP.
     *
     * @param certificates the material, from {@link TestCertificates#generate(Path)}
     * @param clientCertAuth whether every client must present a certificate signed by the CA
     *     ({@code --trusted-ca-file} and {@code --client-cert-auth}); the cluster's probes then
     *     present {@code certificates.client("root")}. Without it, clients need only trust the
     *     CA.
     */
    public Builder tls(TestCertificates certificates, boolean clientCertAuth) {
      this.certificates = Objects.requireNonNull(certificates, "certificates");
      this.clientCertAuth = clientCertAuth;
      return this;
    }

    /**
     * Starts the members and returns when every one is healthy and one leads.
     *
     * @throws IllegalStateException if there is no etcd to run (the message says how to get one),
     *     or the members do not get there within the start timeout, or one exits; the message then
     *     names the member and quotes the end of its log, or {@link #tls TLS} was asked for
     *     and there is only Docker. Nothing is left running then.
     */
    public EtcdCluster start() {
      Map<String, String> env = System.getenv();
      Path etcd = binary != null ? executable(binary, "binary(...)")
          : findBinary(env).orElse(null);
      boolean docker = etcd == null && dockerAvailable();
      if (etcd == null && !docker) {
        throw new IllegalStateException(noEtcdMessage(env));
      }
      if (docker && certificates != null) {
        throw new IllegalStateException("tls(...) needs the etcd binary (ETCD_BIN or etcd on"
            + " PATH); the Docker fallback serves plain HTTP only. " + noEtcdMessage(env));
      }
      SSLContext probeContext = certificates == null ? null : certificates.sslContext(
          clientCertAuth ? certificates.client("root") : null);
      Path dir = ClusterFiles.createEmpty(
          dataDir != null ? dataDir : ClusterFiles.defaultDataDir("etcd"));
      if (docker) {
        return EtcdContainers.start(nodes, dir, image(env), startTimeout, keepData);
      }
      List<Integer> ports = FreePorts.pick(nodes * 2);
      String token = "baton-" + UUID.randomUUID();
      StringBuilder initial = new StringBuilder();
      for (int id = 1; id <= nodes; id++) {
        initial.append(id > 1 ? "," : "").append("n").append(id)
            .append("=http://127.0.0.1:").append(ports.get((id - 1) * 2 + 1));
      }
      List<ProcessNode> list = new ArrayList<>();
      for (int id = 1; id <= nodes; id++) {
        Path nodeDir = dir.resolve("n" + id);
        String client = (certificates != null ? "https://" : "http://") + "127.0.0.1:"
            + ports.get((id - 1) * 2);
        String peer = "http://127.0.0.1:" + ports.get((id - 1) * 2 + 1);
        List<String> command = new ArrayList<>(List.of(etcd.toString(), "--name", "n" + id,
            "--data-dir", nodeDir.resolve("data").toString(),
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", initial.toString(), "--initial-cluster-token", token,
            "--initial-cluster-state", "new"));
        command.addAll(tlsFlags());
        ClusterFiles.createEmpty(nodeDir);
        list.add(new ProcessNode("etcd", id, ports.get((id - 1) * 2), nodeDir, command, true));
      }
      EtcdCluster cluster = new EtcdCluster(dir, startTimeout, keepData, list, null,
          certificates, probeContext);
      cluster.startAll();
      return cluster;
    }

    /** The client TLS flags of a member, none without TLS. */
    private List<String> tlsFlags() {
      if (certificates == null) {
        return List.of();
      }
      List<String> flags = new ArrayList<>(List.of(
          "--cert-file", certificates.serverCert().toString(),
          "--key-file", certificates.serverKey().toString()));
      if (clientCertAuth) {
        // etcd demands a client certificate as soon as it has a trusted CA, flag or not.
        flags.addAll(List.of("--trusted-ca-file", certificates.ca().toString(),
            "--client-cert-auth"));
      }
      return flags;
    }
  }
}
