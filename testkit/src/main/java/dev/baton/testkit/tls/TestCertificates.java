package dev.baton.testkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * A test CA with a server certificate, client certificates and an unrelated "rogue" CA, generated
 * at test time into a folder, with nothing but the running JDK: its {@code keytool} binary and the
 * {@code java.security} API. No key is committed anywhere, and nothing needs installing.
 *
 * <pre>{@code
 * @TempDir static Path tls;
 *
 * TestCertificates certs = TestCertificates.generate(tls);
 * TestCertificates.Issued alice = certs.client("alice");      // CN=alice, signed by the CA
 * SSLContext context = certs.sslContext(alice);               // trusts the CA, presents alice
 * try (EtcdCluster etcd = EtcdCluster.builder().nodes(1).tls(certs, true).start()) {
 *   // etcd.endpoints(): https://127.0.0.1:<port>; jetcd: .sslContext(...) with certs.ca(),
 *   // alice.certificate() and alice.pkcs8Key()
 * }
 * }</pre>
 *
 * <p>What {@link #generate(Path)} writes, all as PEM:
 *
 * <ul>
 *   <li>{@link #ca()} ({@code ca.pem}): the CA certificate ({@code CN=Baton Test CA},
 *       self-signed, {@code basicConstraints CA:true}, critical), RSA 2048, valid from a day ago
 *       for 30 days;
 *   <li>{@link #server()} ({@code server.pem}): a certificate for {@code CN=localhost} signed by
 *       the CA, with {@code subjectAltName IP:127.0.0.1,DNS:localhost} and {@code
 *       extendedKeyUsage serverAuth,clientAuth} (so that etcd members and etcd's own gateway may
 *       present it as clients too);
 *   <li>{@link #rogueCa()} ({@code rogue-ca.pem}): a second, unrelated CA ({@code CN=Baton Rogue
 *       CA}) that nothing trusts;
 *   <li>{@code client("root")}, ready, since etcd tests with client certificates need it.
 * </ul>
 *
 * <p>{@link #client(String)} and {@link #rogueClient(String)} issue a client certificate ({@code
 * extendedKeyUsage clientAuth}) for a common name, signed by the CA or by the rogue CA, on the
 * first call for that name (about half a second; later calls return the same files). etcd takes a
 * client certificate's common name as the user name, so {@code client("root")} is etcd's
 * superuser.
 *
 * <p>The server and all clients share one RSA key pair, written twice: {@code key.pem} as PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}, what Java, Go and Netty read) and {@code key.pkcs1.pem} as
 * PKCS#1 ({@code -----BEGIN RSA PRIVATE KEY-----}, what older OpenSSL-based clients want). TLS
 * checks certificates, not whether two of them share a key, and generating RSA keys is what makes
 * {@code keytool} slow: {@link #generate(Path)} makes three (both CAs' and the shared one) in
 * concurrent {@code keytool} processes, and takes 2 to 4 s on an idle machine with two cores or
 * more. The folder also holds the PKCS#12 keystores ({@code *.p12}, password {@value #PASSWORD})
 * and the certificate request it worked from.
 *
 * <p>Methods may be called from any thread.
 */
public final class TestCertificates {
  /** The password of the PKCS#12 keystores in the folder, store and keys alike. */
  public static final String PASSWORD = "changeit";

  private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(120);
  private static final String KEY_ALIAS = "key";
  private static final String CA_FILE = "ca.p12";
  private static final String ROGUE_CA_FILE = "rogue-ca.p12";
  private static final String KEYS = "key.p12";
  private static final String REQUEST = "key.csr";
  private static final String ROOT = "root";

  private final Path dir;
  private final Keytool keytool;
  private final Path ca;
  private final Path rogueCa;
  private final Issued server;
  private final Path pkcs8;
  private final Path pkcs1;
  private final Map<String, Issued> clients = new HashMap<>();

  private TestCertificates(Path dir, Keytool keytool, Path ca, Path rogueCa, Path serverPem,
      Path pkcs8, Path pkcs1) {
    this.dir = dir;
    this.keytool = keytool;
    this.ca = ca;
    this.rogueCa = rogueCa;
    this.server = new Issued(serverPem, pkcs8, pkcs1);
    this.pkcs8 = pkcs8;
    this.pkcs1 = pkcs1;
  }

  /**
   * A certificate and its private key, as PEM files.
   *
   * @param certificate the certificate ({@code -----BEGIN CERTIFICATE-----}), alone: no chain
   * @param pkcs8Key the private key as PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}); the same
   *     file for the server and every client
   * @param pkcs1Key the same key as PKCS#1 ({@code -----BEGIN RSA PRIVATE KEY-----})
   */
  public record Issued(Path certificate, Path pkcs8Key, Path pkcs1Key) {
    /** Checks that no path is null. */
    public Issued {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(pkcs8Key, "pkcs8Key");
      Objects.requireNonNull(pkcs1Key, "pkcs1Key");
    }
  }

  /**
   * Generates the CA, the server certificate, the rogue CA and the client certificate for {@code
   * root} into {@code dir}.
   *
   * @param dir the folder for the files, created if absent; must be empty
   * @throws IllegalArgumentException if {@code dir} has files in it
   * @throws IllegalStateException if there is no {@code keytool} in this JVM's {@code java.home},
   *     or a {@code keytool} command fails or takes more than 2 minutes (the message quotes the
   *     command and its output)
   * @throws UncheckedIOException if the folder or a file cannot be read or written
   */
  public static TestCertificates generate(Path dir) {
    Path abs = emptyDir(Objects.requireNonNull(dir, "dir"));
    Keytool keytool = new Keytool(abs, KEYTOOL_TIMEOUT);
    ExecutorService threads = Executors.newFixedThreadPool(3, task -> {
      Thread thread = new Thread(task, "baton-keytool");
      thread.setDaemon(true);
      return thread;
    });
    try {
      CompletableFuture<Void> ca = run(threads, keytool,
          keyPair(CA_FILE, "CN=Baton Test CA,O=Baton testkit", true));
      CompletableFuture<Void> rogue = run(threads, keytool,
          keyPair(ROGUE_CA_FILE, "CN=Baton Rogue CA,O=Nobody you trust", true));
      CompletableFuture<Void> key = run(threads, keytool,
          keyPair(KEYS, "CN=localhost", false), request(KEYS, REQUEST));
      CompletableFuture<Void> signed = CompletableFuture.allOf(ca, key).thenCompose(
          done -> CompletableFuture.allOf(
              run(threads, keytool, sign(CA_FILE, "server.pem", "CN=localhost",
                  "SAN=IP:127.0.0.1,DNS:localhost", "EKU=serverAuth,clientAuth")),
              run(threads, keytool, sign(CA_FILE, "client-" + ROOT + ".pem", "CN=" + ROOT,
                  "EKU=clientAuth"))));
      CompletableFuture.allOf(rogue, signed).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    } finally {
      threads.shutdownNow();
    }

    Path[] keys = writeKeys(abs.resolve(KEYS), abs.resolve("key.pem"),
        abs.resolve("key.pkcs1.pem"));
    TestCertificates certs = new TestCertificates(abs, keytool,
        Pem.write(abs.resolve("ca.pem"), Pem.CERTIFICATE, certificateIn(abs.resolve(CA_FILE))),
        Pem.write(abs.resolve("rogue-ca.pem"), Pem.CERTIFICATE,
            certificateIn(abs.resolve(ROGUE_CA_FILE))),
        normalizeCertificate(abs.resolve("server.pem")), keys[0], keys[1]);
    Path rootPem = normalizeCertificate(abs.resolve("client-" + ROOT + ".pem"));
    certs.clients.put(CA_FILE + "|" + ROOT, new Issued(rootPem, keys[0], keys[1]));
    return certs;
  }

  /** Runs the commands one after the other on {@code threads}. */
  @SafeVarargs
  private static CompletableFuture<Void> run(ExecutorService threads, Keytool keytool,
      List<String>... commands) {
    return CompletableFuture.runAsync(() -> {
      for (List<String> command : commands) {
        keytool.run(command);
      }
    }, threads);
  }

  /** The folder that holds all files. */
  public Path dir() {
    return dir;
  }

  /** The CA certificate ({@code ca.pem}); it signs the server and {@link #client} certificates. */
  public Path ca() {
    return ca;
  }

  /** The server certificate, for {@code 127.0.0.1} and {@code localhost}, and its key. */
  public Issued server() {
    return server;
  }

  /** The server certificate ({@code server.pem}): {@code server().certificate()}. */
  public Path serverCert() {
    return server.certificate();
  }

  /** The server's private key as PKCS#8 ({@code key.pem}): {@code server().pkcs8Key()}. */
  public Path serverKey() {
    return server.pkcs8Key();
  }

  /** The rogue CA's certificate ({@code rogue-ca.pem}), unrelated to {@link #ca()}. */
  public Path rogueCa() {
    return rogueCa;
  }

  /**
   * A client certificate for {@code CN=<commonName>} signed by the CA, issued on the first call
   * for that name ({@code client-<name>.pem}).
   *
   * @param commonName the subject's common name, for etcd the user name; not blank, no control
   *     characters, no leading or trailing space
   * @throws IllegalArgumentException if {@code commonName} is not acceptable
   * @throws IllegalStateException if {@code keytool} fails
   */
  public synchronized Issued client(String commonName) {
    return issue(commonName, CA_FILE, "client-");
  }

  /**
   * A server certificate signed by the CA for {@code hostName} alone ({@code CN} and {@code
   * subjectAltName DNS:<hostName>}), issued on the first call for that name ({@code
   * server-<name>.pem}): a server that presents it fails the host name check of every client that
   * connects to {@code 127.0.0.1} or {@code localhost}, although its CA is trusted.
   *
   * @param hostName a DNS name, such as {@code "elsewhere.example"}
   * @throws IllegalArgumentException if {@code hostName} is not a DNS name
   * @throws IllegalStateException if {@code keytool} fails
   */
  public synchronized Issued serverFor(String hostName) {
    Objects.requireNonNull(hostName, "hostName");
    if (!hostName.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
      throw new IllegalArgumentException("not a DNS name: '" + hostName + "'");
    }
    String key = "server|" + hostName;
    Issued issued = clients.get(key);
    if (issued == null) {
      Path pem = dir.resolve(fileName("server-" + hostName));
      keytool.run(sign(CA_FILE, pem.getFileName().toString(), "CN=" + hostName,
          "SAN=DNS:" + hostName, "EKU=serverAuth,clientAuth"));
      issued = new Issued(normalizeCertificate(pem), pkcs8, pkcs1);
      clients.put(key, issued);
    }
    return issued;
  }

  /**
   * A client certificate for {@code CN=<commonName>} signed by the rogue CA, which the CA's
   * servers must refuse; issued on the first call for that name ({@code rogue-client-<name>.pem}).
   *
   * @throws IllegalArgumentException if {@code commonName} is not acceptable (as for {@link
   *     #client(String)})
   * @throws IllegalStateException if {@code keytool} fails
   */
  public synchronized Issued rogueClient(String commonName) {
    return issue(commonName, ROGUE_CA_FILE, "rogue-client-");
  }

  /**
   * An {@link SSLContext} that trusts {@link #ca()} alone and presents {@code client}, if not
   * null, whenever a server asks for a certificate (see {@link #sslContext(Path, Issued)}).
   *
   * @param client the certificate and key to present, or null to present none
   */
  public SSLContext sslContext(Issued client) {
    return sslContext(ca, client);
  }

  /**
   * An {@link SSLContext} that trusts the certificates in {@code trustedCa} (PEM) and nothing
   * else, and presents {@code client}, if not null, whenever a server asks for a certificate,
   * whichever CAs the server names (so that a server's refusal of a rogue certificate can be
   * tested). Hostname verification is left to the user of the context, as usual: {@code
   * java.net.http.HttpClient} and {@code HttpsURLConnection} do it, a bare {@code SSLSocket} does
   * not.
   *
   * @param trustedCa a PEM file of the CA certificates to trust, such as {@link #ca()} or {@link
   *     #rogueCa()}
   * @param client the certificate and key to present, or null to present none
   * @throws IllegalArgumentException if a file holds no certificate or no PKCS#8 key
   * @throws IllegalStateException if the JDK refuses the material
   */
  public static SSLContext sslContext(Path trustedCa, Issued client) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      List<X509Certificate> cas = certificates(Objects.requireNonNull(trustedCa, "trustedCa"));
      for (int i = 0; i < cas.size(); i++) {
        trust.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      KeyManager[] keyManagers = null;
      if (client != null) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(KEY_ALIAS, privateKey(client.pkcs8Key()), PASSWORD.toCharArray(),
            certificates(client.certificate()).toArray(Certificate[]::new));
        KeyManagerFactory factory =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        keyManagers = new KeyManager[] {
            new AlwaysPresent((X509KeyManager) factory.getKeyManagers()[0])};
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build an SSLContext trusting " + trustedCa
          + (client == null ? "" : " with client certificate " + client.certificate()), e);
    }
  }

  @Override
  public String toString() {
    return "TestCertificates in " + dir;
  }

  private Issued issue(String commonName, String caFile, String prefix) {
    String name = checkName(commonName);
    String key = caFile + "|" + name;
    Issued issued = clients.get(key);
    if (issued == null) {
      Path pem = dir.resolve(fileName(prefix + name.replaceAll("[^A-Za-z0-9._-]", "_")));
      keytool.run(sign(caFile, pem.getFileName().toString(), "CN=" + escape(name),
          "EKU=clientAuth"));
      issued = new Issued(normalizeCertificate(pem), pkcs8, pkcs1);
      clients.put(key, issued);
    }
    return issued;
  }

  /** {@code base.pem}, or {@code base-2.pem}, ... if that file exists (two names, one file). */
  private String fileName(String base) {
    String candidate = base + ".pem";
    for (int n = 2; Files.exists(dir.resolve(candidate)); n++) {
      candidate = base + "-" + n + ".pem";
    }
    return candidate;
  }

  private static String checkName(String commonName) {
    Objects.requireNonNull(commonName, "commonName");
    if (commonName.isBlank() || !commonName.strip().equals(commonName)
        || commonName.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a common name must not be blank, have leading or"
          + " trailing spaces or control characters; was \"" + commonName + "\"");
    }
    return commonName;
  }

  /** Escapes the characters that are special in a distinguished name (RFC 2253). */
  private static String escape(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (",+\"\\<>;=#".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static List<String> keyPair(String keystore, String dname, boolean ca) {
    List<String> args = new ArrayList<>(List.of("-genkeypair", "-keyalg", "RSA",
        "-keysize", "2048", "-storetype", "PKCS12", "-keystore", keystore,
        "-storepass", PASSWORD, "-keypass", PASSWORD, "-alias", KEY_ALIAS, "-dname", dname,
        "-startdate", "-1d", "-validity", "30"));
    if (ca) {
      args.addAll(List.of("-ext", "bc:c", "-ext", "KeyUsage:c=keyCertSign,cRLSign"));
    }
    return args;
  }

  private static List<String> request(String keystore, String csr) {
    return List.of("-certreq", "-keystore", keystore, "-storepass", PASSWORD,
        "-alias", KEY_ALIAS, "-file", csr);
  }

  /** {@code -gencert}: the CA in {@code caKeystore} certifies the shared key for {@code dname}. */
  private static List<String> sign(String caKeystore, String out, String dname,
      String... extensions) {
    List<String> args = new ArrayList<>(List.of("-gencert", "-rfc",
        "-keystore", caKeystore, "-storepass", PASSWORD, "-alias", KEY_ALIAS,
        "-infile", REQUEST, "-outfile", out, "-dname", dname, "-startdate", "-1d",
        "-validity", "30", "-ext", "KeyUsage=digitalSignature,keyEncipherment"));
    for (String extension : extensions) {
      args.addAll(List.of("-ext", extension));
    }
    return args;
  }

  /** Writes the key in {@code keystore} as PKCS#8 and as PKCS#1 PEM. */
  private static Path[] writeKeys(Path keystore, Path pkcs8File, Path pkcs1File) {
    byte[] pkcs8 = load(keystore, ks -> ks.getKey(KEY_ALIAS, PASSWORD.toCharArray())
        .getEncoded());
    return new Path[] {
        Pem.write(pkcs8File, Pem.PRIVATE_KEY, pkcs8),
        Pem.write(pkcs1File, Pem.RSA_PRIVATE_KEY, Der.pkcs1FromPkcs8(pkcs8))
    };
  }

  private static byte[] certificateIn(Path keystore) {
    return load(keystore, ks -> ks.getCertificate(KEY_ALIAS).getEncoded());
  }

  /** Rewrites keytool's PEM in this class's layout, checking that it is one certificate. */
  private static Path normalizeCertificate(Path pem) {
    List<X509Certificate> certificates = certificates(pem);
    if (certificates.size() != 1) {
      throw new IllegalStateException(pem + " holds " + certificates.size()
          + " certificates, expected 1");
    }
    try {
      return Pem.write(pem, Pem.CERTIFICATE, certificates.get(0).getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the certificate of " + pem, e);
    }
  }

  /** The certificates in a PEM file (what {@link CertificateFactory} reads). */
  private static List<X509Certificate> certificates(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> all = CertificateFactory.getInstance("X.509")
          .generateCertificates(in).stream().map(X509Certificate.class::cast).toList();
      if (all.isEmpty()) {
        throw new IllegalArgumentException(pem + " holds no certificate");
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pem, e);
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalArgumentException(pem + " holds no readable certificate", e);
    }
  }

  private static PrivateKey privateKey(Path pkcs8Pem) throws GeneralSecurityException {
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Pem.read(pkcs8Pem, Pem.PRIVATE_KEY)));
  }

  private interface KeyStoreRead {
    byte[] apply(KeyStore keyStore) throws GeneralSecurityException;
  }

  private static byte[] load(Path keystore, KeyStoreRead read) {
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASSWORD.toCharArray());
      return read.apply(ks);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read keystore " + keystore, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read keystore " + keystore, e);
    }
  }

  private static Path emptyDir(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      if (Files.isDirectory(abs)) {
        try (Stream<Path> entries = Files.list(abs)) {
          if (entries.findAny().isPresent()) {
            throw new IllegalArgumentException("the folder for test certificates must be empty"
                + " or absent, but " + abs + " has files in it");
          }
        }
      }
      return Files.createDirectories(abs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + abs, e);
    }
  }

  /**
   * Presents its one key whatever CAs the server names: the JDK's key managers would otherwise
   * send no certificate to a server that names another CA, and a test of a server's refusal would
   * then test the wrong thing.
   */
  private static final class AlwaysPresent extends X509ExtendedKeyManager {
    private final X509KeyManager keys;

    AlwaysPresent(X509KeyManager keys) {
      this.keys = keys;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return keys.chooseClientAlias(keyType, null, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers,
        SSLEngine engine) {
      return keys.chooseClientAlias(keyType, null, null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return keys.getClientAliases(keyType, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return keys.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return keys.getPrivateKey(alias);
    }
  }
}
