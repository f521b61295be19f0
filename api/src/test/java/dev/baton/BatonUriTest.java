package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.BatonUri.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing of connection URIs (CONTRACT §2, §6). */
class BatonUriTest {
  private static final String SECRET = "Sup3rS3cret";

  @Nested
  class SchemeAndEndpoints {
    @ParameterizedTest
    @ValueSource(strings = {"etcd", "ETCD", "Etcd", "eTcD"})
    void schemeIsCaseInsensitiveAndLowerCased(String scheme) {
      assertThat(BatonUri.parse(scheme + "://h:2379/ns").scheme()).isEqualTo("etcd");
    }

    @Test
  void aPasswordWithSlashQuestionMarkAndAtIsParsedAndNeverShown() {
    BatonUri uri = BatonUri.parse("etcd://alice:p/a?s@s@127.0.0.1:2379/orders?sessionTtl=2s");
    assertThat(uri.credentials()).map(Credentials::password).contains("p/a?s@s");
    assertThat(uri.endpoints()).containsExactly(new Endpoint("127.0.0.1", 2379));
    assertThat(uri.namespace()).isEqualTo("orders");
    assertThat(uri.toString()).doesNotContain("p/a?s");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BatonUri.parse("etcd://alice:p/a?s@s@127.0.0.1:0/orders"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("p/a").doesNotContain("s@s"));
  }

  @Test
    void schemesMayContainDigitsPlusDotAndDash() {
      assertThat(BatonUri.parse("my-backend.v2+tls://h/ns").scheme())
          .isEqualTo("my-backend.v2+tls");
    }

    @Test
    void parsesSeveralEndpointsInOrder() {
      BatonUri uri = BatonUri.parse("zookeeper://zk1:2181,zk2:2182,10.0.0.3:2183/orders");
      assertThat(uri.endpoints())
          .containsExactly(
              new Endpoint("zk1", 2181), new Endpoint("zk2", 2182), new Endpoint("10.0.0.3", 2183));
      assertThat(uri.namespace()).isEqualTo("orders");
    }

    @Test
    void aMissingPortIsZeroMeaningTheBackendsDefault() {
      BatonUri uri = BatonUri.parse("zk://a,b:2182,c/ns");
      assertThat(uri.endpoints())
          .containsExactly(new Endpoint("a", 0), new Endpoint("b", 2182), new Endpoint("c", 0));
      assertThat(uri.endpoints().get(0).withDefaultPort(2181)).isEqualTo(new Endpoint("a", 2181));
      assertThat(uri.endpoints().get(1).withDefaultPort(2181)).isEqualTo(new Endpoint("b", 2182));
      assertThat(uri.connectString(2181)).isEqualTo("a:2181,b:2182,c:2181");
    }

    @Test
    void ipv6HostsGoInBrackets() {
      BatonUri uri = BatonUri.parse("etcd://[::1]:2379,[fe80::1%25eth0],[2001:db8::7]:1/ns");
      assertThat(uri.endpoints())
          .containsExactly(
              new Endpoint("::1", 2379), new Endpoint("fe80::1%25eth0", 0),
              new Endpoint("2001:db8::7", 1));
      assertThat(uri.connectString(2379)).isEqualTo("[::1]:2379,[fe80::1%25eth0]:2379,[2001:db8::7]:1");
      assertThat(uri.endpoints().get(0)).hasToString("[::1]:2379");
    }

    @Test
    void ipv6WithoutBracketsIsRefused() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse("etcd://::1:2379/ns"))
          .withMessageContaining("must be in brackets");
    }

    @Test
    void unclosedOrTrailingJunkAfterIpv6IsRefused() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse("etcd://[::1:2379/ns"))
          .withMessageContaining("unclosed '['");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse("etcd://[::1]x2379/ns"))
          .withMessageContaining("unexpected 'x2379' after IPv6 address");
    }

    @Test
    void aUriWithoutEndpointsHasNone() {
      BatonUri uri = BatonUri.parse("memory:///ns");
      assertThat(uri.endpoints()).isEmpty();
      assertThat(uri.namespace()).isEqualTo("ns");
      assertThat(uri.connectString(1)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "abc", "-1", "99999999999", "1.5", " 80"})
    void refusesBadPorts(String port) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse("etcd://h:" + port + "/ns"))
          .withMessageContaining("invalid port '" + port + "'")
          .withMessageContaining("1 to 65535");
    }

    @Test
    void acceptsTheExtremePorts() {
      assertThat(BatonUri.parse("etcd://h:1,h:65535/ns").endpoints())
          .extracting(Endpoint::port)
          .containsExactly(1, 65535);
    }

    @Test
    void refusesAnEmptyPortAfterTheColon() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse("etcd://h:/ns"))
          .withMessageContaining("missing port after ':' in endpoint 'h:'");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse("etcd://[::1]:/ns"))
          .withMessageContaining("missing port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"etcd://a:1,,b:2/ns", "etcd://a:1,/ns", "etcd://,a:1/ns"})
    void refusesEmptyEndpoints(String uri) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse(uri))
          .withMessageContaining("empty endpoint");
    }

    @ParameterizedTest
    @ValueSource(strings = {"etcd://:2379/ns", "etcd://h!st:1/ns", "etcd://h st/ns", "etcd://[]:1/ns"})
    void refusesBadHosts(String uri) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse(uri))
          .withMessageContaining("invalid host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"etcd:h:2379/ns", "h:2379", "etcd//h", "", "://h/ns"})
    void refusesAUriWithoutScheme(String uri) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse(uri))
          .withMessageStartingWith("invalid Baton URI '" + uri + "'")
          .withMessageContaining("expected scheme://host:port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1etcd://h/ns", "et_cd://h/ns", "e tcd://h/ns", "-x://h"})
    void refusesAnInvalidScheme(String uri) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse(uri))
          .withMessageContaining("invalid scheme");
    }

    @Test
    void refusesNull() {
      assertThatNullPointerException().isThrownBy(() -> BatonUri.parse(null));
    }

    @Test
    void endpointRecordChecksItsPort() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> new Endpoint("h", 65536))
          .withMessage("port must be 0 to 65535, but was 65536");
      assertThatIllegalArgumentException().isThrownBy(() -> new Endpoint("h", -1));
      assertThatNullPointerException().isThrownBy(() -> new Endpoint(null, 1));
      assertThat(new Endpoint("h", 0)).hasToString("h");
      assertThat(new Endpoint("h", 7)).hasToString("h:7");
    }
  }

  @Nested
  class Namespace {
    @ParameterizedTest
    @ValueSource(strings = {"etcd://h", "etcd://h/", "etcd://h?sessionTtl=2s", "etcd://h/?sessionTtl=2s"})
    void defaultsToBaton(String uri) {
      assertThat(BatonUri.parse(uri).namespace()).isEqualTo(BatonUri.DEFAULT_NAMESPACE).isEqualTo("baton");
    }

    @Test
    void mayHaveSeveralSegments() {
      assertThat(BatonUri.parse("etcd://h/orders/eu-west").namespace()).isEqualTo("orders/eu-west");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a//b", "..", "a/../b", "a b", "a/", "/a", "x*"})
    void followsTheKeyRule(String namespace) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse("etcd://h:1/" + namespace))
          .withMessageContaining("invalid namespace '" + namespace + "'")
          .withMessageContaining(Keys.KEY_RULE);
    }
  }

  @Nested
  class Options {
    @Test
    void areAppliedOverTheOptionsGivenInCode() {
      BatonUri uri =
          BatonUri.parse(
              "etcd://h/ns?sessionTtl=2s&operationTimeout=PT3S&connectTimeout=500ms"
                  + "&suspendPolicy=revoke_on_loss");
      assertThat(uri.options())
          .containsOnly(
              Map.entry("sessionTtl", "2s"),
              Map.entry("operationTimeout", "PT3S"),
              Map.entry("connectTimeout", "500ms"),
              Map.entry("suspendPolicy", "revoke_on_loss"));

      CoordinatorOptions applied = uri.applyTo(CoordinatorOptions.defaults());
      assertThat(applied.sessionTtl()).isEqualTo(Duration.ofSeconds(2));
      assertThat(applied.operationTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(applied.connectTimeout()).isEqualTo(Duration.ofMillis(500));
      assertThat(applied.suspendPolicy()).isEqualTo(SuspendPolicy.REVOKE_ON_LOSS);
    }

    @Test
    void uriOptionsOverrideCodeOptionsAndLeaveTheRest() {
      CoordinatorOptions code =
          CoordinatorOptions.builder()
              .sessionTtl(Duration.ofSeconds(30))
              .operationTimeout(Duration.ofSeconds(7))
              .suspendPolicy(SuspendPolicy.REVOKE_ON_LOSS)
              .build();
      CoordinatorOptions applied =
          BatonUri.parse("etcd://h/ns?sessionTtl=4s&suspendPolicy=REVOKE_ON_SUSPEND").applyTo(code);
      assertThat(applied.sessionTtl()).isEqualTo(Duration.ofSeconds(4));
      assertThat(applied.suspendPolicy()).isEqualTo(SuspendPolicy.REVOKE_ON_SUSPEND);
      assertThat(applied.operationTimeout()).isEqualTo(Duration.ofSeconds(7));
      assertThat(applied.connectTimeout()).isEqualTo(CoordinatorOptions.DEFAULT_CONNECT_TIMEOUT);
      assertThat(code.sessionTtl()).as("the code options are unchanged").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void withoutOptionsApplyToKeepsTheBase() {
      CoordinatorOptions code = CoordinatorOptions.builder().sessionTtl(Duration.ofSeconds(3)).build();
      CoordinatorOptions applied = BatonUri.parse("etcd://h/ns").applyTo(code);
      assertThat(applied.sessionTtl()).isEqualTo(Duration.ofSeconds(3));
      assertThat(applied.credentials()).isEmpty();
    }

    @Test
    void optionValuesArePercentDecoded() {
      assertThat(BatonUri.parse("etcd://h/ns?sessionTtl=2%73").options())
          .containsEntry("sessionTtl", "2s");
    }

    @Test
    void unknownOptionIsRefusedListingTheKnownOnes() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse("etcd://h/ns?sessionTTL=2s"))
          .withMessageContaining(
              "unknown option 'sessionTTL'; known: authority, ca, cert, connectTimeout, key,"
                  + " lazyConnect, operationTimeout, sessionTtl, snapshot, suspendPolicy, tls");
    }

    @Test
    void lazyConnectAndTheSnapshotFileComeFromTheUri() {
      CoordinatorOptions o = BatonUri.parse("etcd://h/ns?lazyConnect=true&snapshot=/var/lib/s.snap")
          .applyTo(CoordinatorOptions.defaults());
      assertThat(o.lazyConnect()).isTrue();
      assertThat(o.snapshotFile()).contains(java.nio.file.Path.of("/var/lib/s.snap"));
      assertThat(BatonUri.parse("etcd://h/ns?lazyConnect=false")
          .applyTo(CoordinatorOptions.builder().lazyConnect(true).build()).lazyConnect())
          .as("lazyConnect=false over lazy options in code").isFalse();
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse("etcd://h/ns?lazyConnect=yes")
              .applyTo(CoordinatorOptions.defaults()))
          .withMessageContaining("lazyConnect must be true or false, was 'yes'");
    }

    @Test
    void duplicateOptionIsRefused() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse("etcd://h/ns?sessionTtl=2s&sessionTtl=3s"))
          .withMessageContaining("option 'sessionTtl' given twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sessionTtl", "=2s", "sessionTtl=2s&", "&sessionTtl=2s", "sessionTtl=2s&&x=1"})
    void malformedPairsAreRefused(String query) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse("etcd://h/ns?" + query))
          .withMessageContaining("is not name=value");
    }

    @Test
    void anEmptyQueryHasNoOptions() {
      assertThat(BatonUri.parse("etcd://h/ns?").options()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "sessionTtl=0s", "sessionTtl=2h", "sessionTtl=abc", "connectTimeout=-5s",
          "operationTimeout=11m", "suspendPolicy=never", "operationTimeout=PTxS", "sessionTtl=5"
        })
    void badOptionValuesAreRefusedWhenApplied(String option) {
      BatonUri uri = BatonUri.parse("etcd://h/ns?" + option);
      String name = option.substring(0, option.indexOf('='));
      assertThatIllegalArgumentException()
          .isThrownBy(() -> uri.applyTo(CoordinatorOptions.defaults()))
          .withMessageStartingWith("invalid option in URI etcd://h/ns?" + option + ": ");
      assertThat(name).isIn(BatonUri.OPTION_NAMES);
    }

    @Test
    void aBadDurationOptionSaysWhatWasWrongWithIt() {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () -> BatonUri.parse("etcd://h/ns?sessionTtl=0s").applyTo(CoordinatorOptions.defaults()))
          .withMessageContaining("sessionTtl must be between PT1S and PT1H, but was PT0S");
    }

    @Test
    void aHugeDurationIsRefusedAsAnIllegalArgument() {
      BatonUri uri = BatonUri.parse("etcd://h/ns?sessionTtl=999999999999999d");
      assertThatIllegalArgumentException().isThrownBy(() -> uri.applyTo(CoordinatorOptions.defaults()));
    }

    @Test
    void optionsMapIsImmutable() {
      BatonUri uri = BatonUri.parse("etcd://h/ns?sessionTtl=2s");
      assertThatThrownBy(() -> uri.options().put("x", "y"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> uri.endpoints().add(new Endpoint("x", 1)))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class TlsInTheUri {
    @TempDir Path dir;

    private Path file(String name) throws IOException {
      return Files.writeString(dir.resolve(name), "pem");
    }

    private CoordinatorOptions apply(String uri, CoordinatorOptions base) {
      return BatonUri.parse(uri).applyTo(base);
    }

    @Test
    void caCertKeyAndAuthorityMakeTheTlsOptions() throws IOException {
      Path ca = file("ca+1.pem");
      Path cert = file("client.pem");
      Path key = file("client-key.pem");
      CoordinatorOptions options = apply("etcds://h/ns?ca=" + ca + "&cert=" + cert + "&key=" + key
          + "&authority=etcd.internal", CoordinatorOptions.defaults());
      assertThat(options.tls()).contains(TlsOptions.trusting(ca).withClientCertificate(cert, key)
          .withAuthority("etcd.internal"));
    }

    @Test
    void aCaInTheUriReplacesTheOptionsOfTheCode() throws IOException {
      Path codeCa = file("code-ca.pem");
      Path uriCa = file("uri-ca.pem");
      CoordinatorOptions base = CoordinatorOptions.builder().tls(TlsOptions.trusting(codeCa)
          .withClientCertificate(file("c.pem"), file("k.pem"))).build();
      assertThat(apply("zookeeper://h/ns?tls=true&ca=" + uriCa, base).tls())
          .contains(TlsOptions.trusting(uriCa));
    }

    @Test
    void aCertificateInTheUriGoesOverTheCaOfTheCode() throws IOException {
      Path ca = file("ca.pem");
      Path cert = file("c.pem");
      Path key = file("k.pem");
      CoordinatorOptions base = CoordinatorOptions.builder().tls(TlsOptions.trusting(ca)).build();
      assertThat(apply("etcds://h/ns?cert=" + cert + "&key=" + key, base).tls())
          .contains(TlsOptions.trusting(ca).withClientCertificate(cert, key));
    }

    @Test
    void tlsFalseDropsTheOptionsOfTheCode() throws IOException {
      CoordinatorOptions base =
          CoordinatorOptions.builder().tls(TlsOptions.trusting(file("ca.pem"))).build();
      assertThat(apply("zookeeper://h/ns?tls=false", base).tls()).isEmpty();
    }

    @Test
    void tlsTrueWithoutACaIsRefusedSayingWhatIsMissing() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> apply("zookeeper://h/ns?tls=true", CoordinatorOptions.defaults()))
          .withMessageContaining("tls=true needs a trusted CA");
    }

    @Test
    void aCertWithoutKeyOrWithoutCaIsRefused() throws IOException {
      Path ca = file("ca.pem");
      Path cert = file("c.pem");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> apply("etcds://h/ns?ca=" + ca + "&cert=" + cert,
              CoordinatorOptions.defaults()))
          .withMessageContaining("cert and key go together");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> apply("etcds://h/ns?cert=" + cert + "&key=" + cert,
              CoordinatorOptions.defaults()))
          .withMessageContaining("need a trusted CA");
    }

    @Test
    void aMissingFileIsRefusedNamingIt() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> apply("etcds://h/ns?ca=" + dir.resolve("nothing.pem"),
              CoordinatorOptions.defaults()))
          .withMessageContaining("nothing.pem");
    }

    @Test
    void tlsTakesOnlyTrueOrFalse() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> apply("zookeeper://h/ns?tls=yes", CoordinatorOptions.defaults()))
          .withMessageContaining("tls must be true or false");
    }
  }

  @Nested
  class CredentialsInTheUri {
    @Test
    void areTakenFromTheUserInfoAndApplied() {
      BatonUri uri = BatonUri.parse("etcd://alice:" + SECRET + "@h:2379/ns");
      assertThat(uri.credentials()).contains(Credentials.of("alice", SECRET));
      assertThat(uri.endpoints()).containsExactly(new Endpoint("h", 2379));
      assertThat(uri.applyTo(CoordinatorOptions.defaults()).credentials())
          .contains(Credentials.of("alice", SECRET));
    }

    @Test
    void uriCredentialsReplaceTheOnesGivenInCode() {
      CoordinatorOptions code =
          CoordinatorOptions.builder().credentials(Credentials.of("bob", "other")).build();
      assertThat(BatonUri.parse("etcd://alice:pw@h/ns").applyTo(code).credentials())
          .contains(Credentials.of("alice", "pw"));
      assertThat(BatonUri.parse("etcd://h/ns").applyTo(code).credentials())
          .as("code credentials stay when the URI has none")
          .contains(Credentials.of("bob", "other"));
    }

    @Test
    void arePercentDecoded() {
      BatonUri uri = BatonUri.parse("etcd://al%69ce:p%40ss%3Aw%2Fo%25rd@h/ns");
      assertThat(uri.credentials()).contains(Credentials.of("alice", "p@ss:w/o%rd"));
    }

    @Test
    void aPlusInThePasswordIsAPlusNotASpace() {
      BatonUri uri = BatonUri.parse("etcd://alice:a+b%2Bc@h/ns");
      assertThat(uri.credentials().map(Credentials::password)).contains("a+b+c");
    }

    @Test
    void aBadPercentEscapeInTheUserInfoIsRefusedWithoutQuotingIt() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse("etcd://alice:ab%zzcd@h/ns"))
          .withMessage("invalid Baton URI 'etcd://alice:***@h/ns': invalid %-escape in the user info")
          .withNoCause();
    }

    @Test
    void aUserWithoutPasswordHasAnEmptyPassword() {
      assertThat(BatonUri.parse("etcd://bob@h/ns").credentials()).contains(Credentials.of("bob", ""));
    }

    @Test
    void theLastAtSignSeparatesUserInfoFromHost() {
      BatonUri uri = BatonUri.parse("etcd://alice:p@ss@h:1/ns");
      assertThat(uri.credentials()).contains(Credentials.of("alice", "p@ss"));
      assertThat(uri.endpoints()).containsExactly(new Endpoint("h", 1));
    }

    @Test
    void anEmptyUserIsRefusedWithoutShowingThePassword() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> BatonUri.parse("etcd://:" + SECRET + "@h/ns"))
          .withMessageContaining("empty user name")
          .withMessageNotContaining(SECRET);
    }

    @Test
    void toStringHidesThePassword() {
      BatonUri uri =
          BatonUri.parse(
              "etcd://alice:" + SECRET + "@h1:2379,[::1]/orders?sessionTtl=2s&connectTimeout=1s");
      assertThat(uri)
          .hasToString("etcd://alice:***@h1:2379,[::1]/orders?connectTimeout=1s&sessionTtl=2s");
      assertThat(uri.toString()).doesNotContain(SECRET);
      assertThat(uri.credentials().orElseThrow().toString()).doesNotContain(SECRET);
    }

    @Test
    void withoutCredentialsKeepsEverythingElse() {
      BatonUri uri = BatonUri.parse("etcd://alice:" + SECRET + "@h1:2379,h2/orders?sessionTtl=2s");
      BatonUri bare = uri.withoutCredentials();
      assertThat(bare.credentials()).isEmpty();
      assertThat(bare).hasToString("etcd://h1:2379,h2/orders?sessionTtl=2s");
      assertThat(bare).isEqualTo(new BatonUri(uri.scheme(), uri.endpoints(), uri.namespace(),
          uri.options(), java.util.Optional.empty()));
      assertThat(bare.withoutCredentials()).isSameAs(bare);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "etcd://alice:" + SECRET + "@h:0/ns",
          "etcd://alice:" + SECRET + "@h:abc/ns",
          "etcd://alice:" + SECRET + "@h:/ns",
          "etcd://alice:" + SECRET + "@a:1,,b:2/ns",
          "etcd://alice:" + SECRET + "@::1/ns",
          "etcd://alice:" + SECRET + "@[::1/ns",
          "etcd://alice:" + SECRET + "@h/a//b",
          "etcd://alice:" + SECRET + "@h/ns?bogus=1",
          "etcd://alice:" + SECRET + "@h/ns?sessionTtl=1s&sessionTtl=2s",
          "etcd://alice:" + SECRET + "@h/ns?sessionTtl",
          "etcd://alice:" + SECRET + "@h st/ns",
          "1etcd://alice:" + SECRET + "@h/ns",
          "etcd://alice:" + SECRET + "%zz@h/ns",
          "etcd://alice:" + SECRET + "%@h/ns",
          "etcd://alice:" + SECRET + "%4@h/ns",
        })
    void parseErrorsNeverShowThePassword(String uri) {
      assertThatThrownBy(() -> BatonUri.parse(uri))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining(SECRET)
          .hasMessageNotContaining(SECRET.substring(0, 6))
          .satisfies(e -> assertThat(causeChainMessages(e)).doesNotContain(SECRET));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"sessionTtl=0s", "suspendPolicy=never", "operationTimeout=xyz", "sessionTtl=99999999999999d"})
    void optionErrorsNeverShowThePassword(String option) {
      BatonUri uri = BatonUri.parse("etcd://alice:" + SECRET + "@h/ns?" + option);
      assertThatThrownBy(() -> uri.applyTo(CoordinatorOptions.defaults()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("alice:***@h")
          .hasMessageNotContaining(SECRET);
    }

    @Test
    void redactReplacesThePasswordOnly() {
      assertThat(BatonUri.redact("etcd://alice:" + SECRET + "@h:1/ns"))
          .isEqualTo("etcd://alice:***@h:1/ns");
      assertThat(BatonUri.redact("etcd://alice@h:1/ns")).isEqualTo("etcd://alice@h:1/ns");
      assertThat(BatonUri.redact("etcd://h:1/ns")).isEqualTo("etcd://h:1/ns");
      assertThat(BatonUri.redact("etcd://a:" + SECRET + "@h")).isEqualTo("etcd://a:***@h");
      assertThat(BatonUri.redact("no scheme at all")).isEqualTo("no scheme at all");
    }

    private String causeChainMessages(Throwable e) {
      StringBuilder out = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        out.append(t.getMessage()).append('\n');
      }
      return out.toString();
    }
  }

  @Test
  void recordsAreValueObjects() {
    BatonUri a = BatonUri.parse("etcd://h:1/ns?sessionTtl=2s");
    BatonUri b = BatonUri.parse("ETCD://h:1/ns?sessionTtl=2s");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(new BatonUri("x", List.of(), "ns", Map.of(), Optional.empty())).hasToString("x:///ns");
  }
}
