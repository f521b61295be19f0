package dev.baton;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed connection URI:
 * {@code scheme://[user:password@]host[:port][,host[:port]...][/namespace][?option=value&...]}.
 *
 * <ul>
 *   <li>The scheme picks the backend ({@code zookeeper}, {@code zk}, {@code etcd}, {@code etcds},
 *       {@code memory}, or any other found on the class path).
 *   <li>Endpoints are comma-separated; a missing port means the backend's default. IPv6 hosts go in
 *       brackets: {@code [::1]:2379}.
 *   <li>The namespace is the path without the leading {@code /}; it follows the key rule of {@link
 *       Keys} and defaults to {@value #DEFAULT_NAMESPACE}. Every key and election of the coordinator
 *       lives under it.
 *   <li>Options: {@code sessionTtl}, {@code connectTimeout}, {@code operationTimeout} (durations as
 *       in {@link Codec#duration()}: {@code 2s}, {@code 500ms}, {@code PT10S}) and {@code
 *       suspendPolicy} ({@code REVOKE_ON_SUSPEND} or {@code REVOKE_ON_LOSS}); TLS: {@code ca} (the
 *       trusted CA's PEM file), {@code cert} and {@code key} (this client's certificate and key,
 *       together), {@code authority} (the host name to expect), {@code tls} ({@code true}: TLS
 *       options are required, from the URI or code; {@code false}: none); {@code lazyConnect}
 *       ({@code true} or {@code false}) and {@code snapshot} (a file path), see {@link
 *       CoordinatorOptions}. An option in the URI
 *       overrides the same option given in code, so operators can tune a service through its
 *       configuration. Values are percent-decoded ({@code +} stays {@code +}).
 * </ul>
 *
 * <p>{@link #toString()} never shows the password.
 *
 * @param scheme the scheme, lower case
 * @param endpoints the endpoints, in the given order
 * @param namespace the namespace
 * @param options the query options, by name
 * @param credentials user and password from the URI, if given
 */
public record BatonUri(
    String scheme,
    List<Endpoint> endpoints,
    String namespace,
    Map<String, String> options,
    Optional<Credentials> credentials) {

  /** The namespace used when the URI has no path. */
  public static final String DEFAULT_NAMESPACE = "baton";

  /** The option names a URI may carry. */
  public static final Set<String> OPTION_NAMES = Set.of("sessionTtl", "connectTimeout",
      "operationTimeout", "suspendPolicy", "tls", "ca", "cert", "key", "authority", "lazyConnect",
      "snapshot");

  public BatonUri {
    Objects.requireNonNull(scheme, "scheme");
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(namespace, "namespace");
    options = Map.copyOf(options);
    Objects.requireNonNull(credentials, "credentials");
  }

  /**
   * One endpoint.
   *
   * @param host host name or address (IPv6 without brackets)
   * @param port port, or 0 for the backend's default
   */
  public record Endpoint(String host, int port) {
    public Endpoint {
      Objects.requireNonNull(host, "host");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, but was " + port);
      }
    }

    /** This endpoint with {@code port} if it has none. */
    public Endpoint withDefaultPort(int defaultPort) {
      return port == 0 ? new Endpoint(host, defaultPort) : this;
    }

    @Override
    public String toString() {
      String h = host.contains(":") ? "[" + host + "]" : host;
      return port == 0 ? h : h + ":" + port;
    }
  }

  /**
   * Parses a connection URI.
   *
   * @throws IllegalArgumentException quoting the URI (without its password) and what is wrong
   */
  public static BatonUri parse(String uri) {
    Objects.requireNonNull(uri, "uri");
    int schemeEnd = uri.indexOf("://");
    if (schemeEnd <= 0) {
      throw bad(uri, "expected scheme://host:port[,host:port]/namespace");
    }
    String scheme = uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
      throw bad(uri, "invalid scheme '" + scheme + "'");
    }
    String rest = uri.substring(schemeEnd + 3);
    // Namespaces and options never contain '@', so the last '@' ends the user info, even when a
    // password holds '/', '?' or '@'.
    Optional<Credentials> credentials = Optional.empty();
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      credentials = Optional.of(parseUserInfo(uri, rest.substring(0, at)));
      rest = rest.substring(at + 1);
    }
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String path = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash + 1);
      rest = rest.substring(0, slash);
    }
    List<Endpoint> endpoints = new ArrayList<>();
    if (!rest.isEmpty()) {
      for (String part : rest.split(",", -1)) {
        endpoints.add(parseEndpoint(uri, part));
      }
    }
    String namespace = path.isEmpty() ? DEFAULT_NAMESPACE : path;
    if (!Keys.isValidKey(namespace)) {
      throw bad(uri, "invalid namespace '" + namespace + "': " + Keys.KEY_RULE);
    }
    return new BatonUri(scheme, endpoints, namespace, parseQuery(uri, query), credentials);
  }

  /** The endpoints as {@code host:port,...}, each with {@code defaultPort} where it has none. */
  public String connectString(int defaultPort) {
    StringBuilder out = new StringBuilder();
    for (Endpoint e : endpoints) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(e.withDefaultPort(defaultPort));
    }
    return out.toString();
  }

  /** This URI without its user and password ({@link Coordinator#uri()} is such a URI). */
  public BatonUri withoutCredentials() {
    return credentials.isEmpty() ? this
        : new BatonUri(scheme, endpoints, namespace, options, Optional.empty());
  }

  /** {@code base} with this URI's options applied over it, and its credentials if it has any. */
  public CoordinatorOptions applyTo(CoordinatorOptions base) {
    CoordinatorOptions.Builder b = base.toBuilder();
    try {
      for (Map.Entry<String, String> o : options.entrySet()) {
        switch (o.getKey()) {
          case "sessionTtl" -> b.sessionTtl(Codecs.parseDuration(o.getValue()));
          case "connectTimeout" -> b.connectTimeout(Codecs.parseDuration(o.getValue()));
          case "operationTimeout" -> b.operationTimeout(Codecs.parseDuration(o.getValue()));
          case "suspendPolicy" ->
              b.suspendPolicy(SuspendPolicy.valueOf(o.getValue().toUpperCase(Locale.ROOT)));
          case "lazyConnect" -> b.lazyConnect(parseBoolean("lazyConnect", o.getValue()));
          case "snapshot" -> b.snapshotFile(Path.of(o.getValue()));
          case "tls", "ca", "cert", "key", "authority" -> { } // below, together
          default -> throw new IllegalStateException("unreachable: " + o.getKey());
        }
      }
      tlsOver(base.tls()).ifPresentOrElse(b::tls, b::noTls);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid option in URI " + this + ": " + e.getMessage(), e);
    }
    credentials.ifPresent(b::credentials);
    return b.build();
  }

  private static boolean parseBoolean(String name, String value) {
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(name + " must be true or false, was '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  /**
   * The TLS options from {@code base} with this URI's TLS options over them: {@code ca} replaces
   * them (with {@code cert}, {@code key} and {@code authority} from the URI only); without {@code
   * ca}, {@code cert} and {@code key} (together) and {@code authority} change the base's; {@code
   * tls=true} demands TLS options from one side or the other, {@code tls=false} drops them.
   */
  private Optional<TlsOptions> tlsOver(Optional<TlsOptions> base) {
    String tls = options.get("tls");
    if (tls != null && !tls.equals("true") && !tls.equals("false")) {
      throw new IllegalArgumentException("tls must be true or false, was '" + tls + "'");
    }
    if ("false".equals(tls)) {
      if (options.keySet().stream().anyMatch(Set.of("ca", "cert", "key", "authority")::contains)) {
        throw new IllegalArgumentException("tls=false cannot go with ca, cert, key or authority");
      }
      return Optional.empty();
    }
    Optional<TlsOptions> result = base;
    if (options.containsKey("ca")) {
      result = Optional.of(TlsOptions.trusting(Path.of(options.get("ca"))));
    } else if (base.isEmpty() && (options.containsKey("cert") || options.containsKey("key")
        || options.containsKey("authority"))) {
      throw new IllegalArgumentException("cert, key and authority need a trusted CA: add"
          + " ca=/path/to/ca.pem, or give TlsOptions in code");
    }
    if (options.containsKey("cert") || options.containsKey("key")) {
      if (!options.containsKey("cert") || !options.containsKey("key")) {
        throw new IllegalArgumentException("cert and key go together; got only "
            + (options.containsKey("cert") ? "cert" : "key"));
      }
      result = Optional.of(result.get().withClientCertificate(Path.of(options.get("cert")),
          Path.of(options.get("key"))));
    }
    if (options.containsKey("authority")) {
      result = Optional.of(result.get().withAuthority(options.get("authority")));
    }
    if ("true".equals(tls) && result.isEmpty()) {
      throw new IllegalArgumentException("tls=true needs a trusted CA: add ca=/path/to/ca.pem,"
          + " or give TlsOptions in code");
    }
    return result;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(scheme).append("://");
    credentials.ifPresent(c -> out.append(c.user()).append(":***@"));
    for (int i = 0; i < endpoints.size(); i++) {
      out.append(i == 0 ? "" : ",").append(endpoints.get(i));
    }
    out.append('/').append(namespace);
    if (!options.isEmpty()) {
      out.append('?');
      options.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(o -> out.append(o.getKey()).append('=').append(o.getValue()).append('&'));
      out.setLength(out.length() - 1);
    }
    return out.toString();
  }

  private static Credentials parseUserInfo(String uri, String userInfo) {
    int colon = userInfo.indexOf(':');
    String user;
    String password;
    try {
      // %-decoding as in a URI, not a form: '+' stays '+'. The decoder's own message would quote
      // part of the password, so it is not passed on.
      user = decode((colon < 0 ? userInfo : userInfo.substring(0, colon)).replace("+", "%2B"));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1).replace("+", "%2B"));
    } catch (IllegalArgumentException e) {
      throw bad(uri, "invalid %-escape in the user info");
    }
    if (user.isEmpty()) {
      throw bad(uri, "empty user name before '@'");
    }
    return Credentials.of(user, password);
  }

  private static Endpoint parseEndpoint(String uri, String part) {
    if (part.isEmpty()) {
      throw bad(uri, "empty endpoint");
    }
    String host;
    String port = "";
    if (part.startsWith("[")) {
      int close = part.indexOf(']');
      if (close < 0) {
        throw bad(uri, "unclosed '[' in endpoint '" + part + "'");
      }
      host = part.substring(1, close);
      String after = part.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw bad(uri, "unexpected '" + after + "' after IPv6 address in '" + part + "'");
        }
        port = after.substring(1);
      }
    } else {
      int colon = part.lastIndexOf(':');
      host = colon < 0 ? part : part.substring(0, colon);
      port = colon < 0 ? "" : part.substring(colon + 1);
      if (host.contains(":")) {
        throw bad(uri, "IPv6 address in endpoint '" + part + "' must be in brackets");
      }
    }
    if (host.isEmpty() || !host.matches("[A-Za-z0-9._:%-]+")) {
      throw bad(uri, "invalid host in endpoint '" + part + "'");
    }
    if (port.isEmpty()) {
      if (part.endsWith(":")) {
        throw bad(uri, "missing port after ':' in endpoint '" + part + "'");
      }
      return new Endpoint(host, 0);
    }
    try {
      int p = Integer.parseInt(port);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return new Endpoint(host, p);
    } catch (NumberFormatException e) {
      throw bad(uri, "invalid port '" + port + "' in endpoint '" + part + "' (1 to 65535)");
    }
  }

  private static Map<String, String> parseQuery(String uri, String query) {
    Map<String, String> out = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw bad(uri, "option '" + pair + "' is not name=value");
      }
      String name = decode(pair.substring(0, eq));
      if (!OPTION_NAMES.contains(name)) {
        throw bad(uri, "unknown option '" + name + "'; known: " + String.join(", ",
            OPTION_NAMES.stream().sorted().toList()));
      }
      if (out.put(name, decode(pair.substring(eq + 1))) != null) {
        throw bad(uri, "option '" + name + "' given twice");
      }
    }
    return out;
  }

  /** Percent-decoding; a {@code +} stays a {@code +} (file paths may hold one). */
  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException bad(String uri, String problem) {
    return new IllegalArgumentException("invalid Baton URI '" + redact(uri) + "': " + problem);
  }

  /** {@code uri} with any password replaced by {@code ***}. */
  static String redact(String uri) {
    int schemeEnd = uri.indexOf("://");
    int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
    int at = uri.lastIndexOf('@');
    if (at < start) {
      return uri;
    }
    int colon = uri.indexOf(':', start);
    if (colon < 0 || colon > at) {
      return uri;
    }
    return uri.substring(0, colon + 1) + "***" + uri.substring(at);
  }

}
