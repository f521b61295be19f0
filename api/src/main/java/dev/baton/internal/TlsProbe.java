package dev.baton.internal;

import dev.baton.BatonUri;
import dev.baton.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * One TLS handshake with an endpoint, made by Baton itself with the JDK, to learn why a client
 * library cannot connect: the library retries a failed handshake until the connect timeout and
 * says why only in its logs. A backend runs it beside its client's connect and fails {@code
 * connect} at once with the reason the probe found.
 *
 * <ul>
 *   <li>{@link #handshake} with the coordinator's {@link TlsOptions}: the same trust, client
 *       certificate and host name check as the client, and a short read after the handshake, since
 *       under TLS 1.3 a server refuses a client certificate only after the client has finished;
 *   <li>{@link #speaksTls} for a plain client that gets no answer: whether the endpoint answers a
 *       TLS hello (no certificate is checked and nothing is sent after the handshake).
 * </ul>
 */
public final class TlsProbe {
  /**
   * How long a client goes without a connection before a backend looks into TLS: long enough for
   * a healthy server to answer, so that a connect that works costs no second handshake, and a
   * plain server is almost never sent a TLS hello it would not understand.
   */
  public static final Duration GRACE = Duration.ofMillis(300);

  /** How long the probe waits for a refusal after its handshake completed. */
  private static final Duration AFTER_HANDSHAKE = Duration.ofMillis(250);

  private TlsProbe() {}

  /** What one probe learned. */
  public enum Outcome {
    /** The handshake completed and the server did not refuse the client after it. */
    ACCEPTED,
    /** The endpoint could not be reached (nothing listens, a timeout): nothing learned. */
    UNREACHABLE,
    /** The handshake failed, or the server refused the client right after it. */
    REFUSED
  }

  /**
   * The outcome of a probe, and for {@link Outcome#REFUSED} the reason.
   *
   * @param outcome what happened
   * @param reason the TLS failure in the JDK's words, for a refusal; empty otherwise
   */
  public record Result(Outcome outcome, String reason) {}

  /**
   * Why a client cannot connect to {@code endpoints}, if TLS is the reason; empty if not, or if
   * {@code done} (the client connected, or gave up) before anything was found. Blocks at most
   * {@code budget}; a backend runs it on a thread of its own beside its client's connect.
   *
   * <p>Nothing is probed if the client connects within {@link #GRACE}. After it, with TLS
   * options, one {@link #handshake} per endpoint: if every endpoint refuses, the reason is the
   * first one's ("the TLS handshake failed: ..."). Without, whether an endpoint {@linkplain
   * #speaksTls speaks TLS}: then the client lacks TLS options.
   */
  public static Optional<String> explain(Optional<TlsOptions> tls, List<BatonUri.Endpoint> endpoints,
      Duration budget, BooleanSupplier done) {
    long deadline = System.nanoTime() + budget.toNanos();
    long asked = System.nanoTime() + GRACE.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() - asked < 0) {
      try {
        Thread.sleep(25); // a pause between looks at the client, not a wait for a condition
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    if (done.getAsBoolean()) {
      return Optional.empty();
    }
    if (tls.isPresent()) {
      String reason = null;
      for (BatonUri.Endpoint e : endpoints) {
        Result r = handshake(tls.get(), e.host(), e.port(),
            Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (r.outcome() != Outcome.REFUSED) {
          return Optional.empty(); // one endpoint may do: let the client try
        }
        reason = reason == null ? e + ": " + r.reason() : reason;
      }
      return Optional.ofNullable(reason).map(r -> "the TLS handshake failed: " + r);
    }
    for (BatonUri.Endpoint e : endpoints) {
      if (done.getAsBoolean() || deadline - System.nanoTime() <= 0) {
        return Optional.empty();
      }
      if (speaksTls(e.host(), e.port(), Duration.ofSeconds(1))) {
        return Optional.of(e + " answers with TLS and this client speaks plain: give it TLS"
            + " options (a trusted CA: ?tls=true&ca=... in the URI, or CoordinatorOptions.tls)");
      }
    }
    return Optional.empty();
  }

  /**
   * Shakes hands with {@code host:port} as a client with {@code tls} would, checking that the
   * server's certificate names {@code host} (or {@code tls}' authority).
   */
  public static Result handshake(TlsOptions tls, String host, int port, Duration timeout) {
    SSLContext context;
    try {
      context = context(tls);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      return new Result(Outcome.UNREACHABLE, ""); // the client library reports bad material
    }
    String expected = tls.authority().orElse(host);
    try (Socket plain = new Socket()) {
      int millis = (int) Math.max(1, timeout.toMillis());
      try {
        plain.connect(new InetSocketAddress(host, port), millis);
      } catch (IOException e) {
        return new Result(Outcome.UNREACHABLE, "");
      }
      plain.setSoTimeout(millis);
      boolean shookHands = false;
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, expected,
          port, false)) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        shookHands = true;
        socket.setSoTimeout((int) Math.min(millis, AFTER_HANDSHAKE.toMillis()));
        InputStream in = socket.getInputStream();
        if (in.read() < 0) {
          return new Result(Outcome.REFUSED, "the server closed the connection right after the"
              + " handshake (it may not accept this client's certificate)");
        }
        return new Result(Outcome.ACCEPTED, "");
      } catch (SocketTimeoutException e) {
        // silent after the handshake: waiting for the client, as it should; silent before: no
        // answer at all, nothing learned
        return new Result(shookHands ? Outcome.ACCEPTED : Outcome.UNREACHABLE, "");
      } catch (SSLException e) {
        return new Result(Outcome.REFUSED, reason(e));
      }
    } catch (IOException e) {
      return new Result(Outcome.UNREACHABLE, "");
    }
  }

  /**
   * True if {@code host:port} answers a TLS client hello with a server hello: a TLS server. Trusts
   * any certificate, since nothing is sent after the handshake.
   */
  public static boolean speaksTls(String host, int port, Duration timeout) {
    try (Socket plain = new Socket()) {
      int millis = (int) Math.max(1, timeout.toMillis());
      plain.connect(new InetSocketAddress(host, port), millis);
      plain.setSoTimeout(millis);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AnyServer()}, null);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host,
          port, false)) {
        socket.startHandshake();
        return true;
      } catch (SSLException e) {
        // a server hello came if the failure is about the certificate or the client's, not the
        // record layer: a plain server answers with bytes that are no TLS record, or nothing
        String message = String.valueOf(e.getMessage());
        return message.contains("alert") && !message.contains("Unsupported or unrecognized");
      }
    } catch (IOException | GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * The innermost message of a TLS failure, which says what was wrong, with what it means for the
   * usual cases.
   */
  static String reason(Throwable failure) {
    String reason = failure.getMessage();
    for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t.getMessage() != null) {
        reason = t.getMessage();
      }
    }
    String text = String.valueOf(reason);
    if (text.contains("certification path")) {
      return text + " (the server's certificate is not signed by the trusted CA)";
    }
    if (text.contains("subject alternative")) {
      return text + " (the server's certificate is for another host name)";
    }
    if (text.contains("bad_certificate") || text.contains("certificate_required")
        || text.contains("certificate_unknown")) {
      return text + " (the server refused this client's certificate, or wanted one)";
    }
    return text;
  }

  private static SSLContext context(TlsOptions tls) throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    X509Certificate[] cas = PemKeys.certificates(tls.trustedCa());
    for (int i = 0; i < cas.length; i++) {
      trust.setCertificateEntry("ca-" + i, cas[i]);
    }
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    KeyManagerFactory keyManagers = null;
    if (tls.clientCertificate().isPresent()) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] password = new char[0];
      keys.setKeyEntry("client", PemKeys.read(tls.clientKey().get()), password,
          PemKeys.certificates(tls.clientCertificate().get()));
      keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers == null ? null : keyManagers.getKeyManagers(),
        trustManagers.getTrustManagers(), null);
    return context;
  }

  /** Accepts any server: {@link #speaksTls} only asks whether a server hello comes. */
  private static final class AnyServer implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
