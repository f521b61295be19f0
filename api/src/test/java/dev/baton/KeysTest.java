package dev.baton;

import static dev.baton.KeysProperties.assertKeyAccepted;
import static dev.baton.KeysProperties.assertKeyRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Examples of the key rule of {@link Keys} (CONTRACT §3); the properties are in {@link KeysProperties}. */
class KeysTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "checkout/rate-limit",
        "feature.flags/v2_enabled",
        "A-Z.a_z-0.9",
        "...",
        ".hidden",
        "a..b",
        "x/.../y",
        "_/-/.x",
        "0"
      })
  void acceptsValidKeys(String key) {
    assertKeyAccepted(key);
  }

  @Test
  void refusesTheEmptyKeySayingSo() {
    assertKeyRefused("");
    assertThatThrownBy(() -> Keys.requireValidKey(""))
        .hasMessage("invalid key '': it is empty (" + Keys.KEY_RULE + ")");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/a", "a/", "//", "/a/b/", "a//b", "a///b"})
  void refusesMisplacedSlashes(String key) {
    assertKeyRefused(key);
  }

  @Test
  void namesTheProblemOfEachSlash() {
    assertThatThrownBy(() -> Keys.requireValidKey("/a")).hasMessageContaining("starts with '/'");
    assertThatThrownBy(() -> Keys.requireValidKey("a/")).hasMessageContaining("ends with '/'");
    assertThatThrownBy(() -> Keys.requireValidKey("a//b")).hasMessageContaining("empty segment");
  }

  @ParameterizedTest
  @ValueSource(strings = {".", "..", "./a", "a/.", "a/../b", "../x", "a/./b", "x/.."})
  void refusesDotSegments(String key) {
    assertKeyRefused(key);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a b", " a", "a ", "a*b", "a?b", "a\\b", "a:b", "a@b", "a#b", "a%2Fb", "a+b", "ä",
        "日本", "caf\u00e9", "a\u00a0b", "a\u200bb", "a\uffffb", "\ud83d\ude00", "a\u2028b"
      })
  void refusesCharactersOutsideTheSet(String key) {
    assertKeyRefused(key);
    assertThatThrownBy(() -> Keys.requireValidKey(key)).hasMessageContaining("is not allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "a\u0000b", "a\tb", "a\nb", "a\rb", "\u001f", "a\u007fb", "a\u0085b"})
  void refusesControlCharactersAndShowsThemEscaped(String key) {
    assertKeyRefused(key);
    assertThatThrownBy(() -> Keys.requireValidKey(key))
        .satisfies(
            e ->
                assertThat(e.getMessage().chars().filter(Character::isISOControl).count())
                    .as("control characters printed raw in: %s", e.getMessage())
                    .isZero());
  }

  @Test
  void reportsTheIndexOfTheFirstBadCharacter() {
    assertThatThrownBy(() -> Keys.requireValidKey("ab/c*d"))
        .hasMessageContaining("character '*' at index 4 is not allowed");
    assertThatThrownBy(() -> Keys.requireValidKey("a\u0000"))
        .hasMessageContaining("character '\\u0000' at index 1");
  }

  @Test
  void acceptsExactly512BytesAndRefuses513() {
    String max = "a".repeat(Keys.MAX_KEY_BYTES);
    assertKeyAccepted(max);
    String segmented = ("abc/".repeat(128)).substring(0, 511) + "z";
    assertThat(segmented).hasSize(512);
    assertKeyAccepted(segmented);

    assertKeyRefused(max + "a");
    assertThatThrownBy(() -> Keys.requireValidKey(max + "a"))
        .hasMessageContaining("longer than 512 bytes");
  }

  @Test
  void countsUtf8BytesNotCharacters() {
    // 300 characters but 600 bytes: refused for its length, not just for the character
    String wide = "\u00e9".repeat(300);
    assertThatThrownBy(() -> Keys.requireValidKey(wide)).hasMessageContaining("longer than 512 bytes");
    // 511 ASCII + one 2-byte character = 513 bytes
    assertThatThrownBy(() -> Keys.requireValidKey("a".repeat(511) + "\u00e9"))
        .hasMessageContaining("longer than 512 bytes");
    // 510 ASCII + one 2-byte character = 512 bytes: within the limit, refused for the character
    assertThatThrownBy(() -> Keys.requireValidKey("a".repeat(510) + "\u00e9"))
        .hasMessageContaining("is not allowed");
  }

  @Test
  void refusesNullWithANamedNullPointerException() {
    assertThatNullPointerException().isThrownBy(() -> Keys.requireValidKey(null)).withMessage("key");
    assertThatNullPointerException()
        .isThrownBy(() -> Keys.requireValidPrefix(null))
        .withMessage("prefix");
    assertThatNullPointerException()
        .isThrownBy(() -> Keys.requireValidElectionName(null))
        .withMessage("election name");
    assertThat(Keys.isValidKey(null)).isFalse();
  }

  @Test
  void theRuleTextNamesEveryPart() {
    assertThat(Keys.KEY_RULE)
        .contains("[A-Za-z0-9._-]+", "'.'", "'..'", "empty segment", "leading or trailing '/'",
            "512 UTF-8 bytes");
  }

  @Test
  void emptyPrefixIsTheWholeNamespace() {
    assertThat(Keys.requireValidPrefix("")).isEmpty();
    assertThat(Keys.isUnder("anything/at/all", "")).isTrue();
  }

  @Test
  void badPrefixIsRefusedAsAPrefix() {
    assertThatThrownBy(() -> Keys.requireValidPrefix("orders/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid prefix 'orders/': it ends with '/'")
        .hasMessageContaining("a prefix is empty or a key")
        .hasMessageContaining(Keys.KEY_RULE);
  }

  @Test
  void prefixCoversASubtreeNotASiblingWithTheSameStart() {
    assertThat(Keys.isUnder("orders", "orders")).isTrue();
    assertThat(Keys.isUnder("orders/x", "orders")).isTrue();
    assertThat(Keys.isUnder("orders/x/y", "orders")).isTrue();
    assertThat(Keys.isUnder("orders/x/y", "orders/x")).isTrue();
    assertThat(Keys.isUnder("orders-archive", "orders")).isFalse();
    assertThat(Keys.isUnder("ordersx", "orders")).isFalse();
    assertThat(Keys.isUnder("orders.old/x", "orders")).isFalse();
    assertThat(Keys.isUnder("order", "orders")).isFalse();
    assertThat(Keys.isUnder("orders", "orders/x")).isFalse();
    assertThat(Keys.isUnder("orders/xy", "orders/x")).isFalse();
    assertThat(Keys.isUnder("other/orders", "orders")).isFalse();
  }

  @Test
  void electionNamesFollowTheKeyRule() {
    assertThat(Keys.requireValidElectionName("billing-scheduler")).isEqualTo("billing-scheduler");
    assertThat(Keys.requireValidElectionName("team/billing")).isEqualTo("team/billing");
    assertThatThrownBy(() -> Keys.requireValidElectionName("billing scheduler"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid election name 'billing scheduler': ")
        .hasMessageContaining(Keys.KEY_RULE);
    assertThatThrownBy(() -> Keys.requireValidElectionName(""))
        .hasMessageStartingWith("invalid election name '': it is empty");
  }

  @Test
  void acceptsValuesUpToOneMillionBytes() {
    byte[] max = new byte[1_000_000];
    assertThat(Keys.requireValidValue("k", max)).isSameAs(max);
    assertThat(Keys.requireValidValue("k", new byte[0])).isEmpty();
  }

  @Test
  void refusesAValueOfOneMillionAndOneBytesNamingKeyAndSize() {
    assertThatThrownBy(() -> Keys.requireValidValue("big/blob", new byte[1_000_001]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "value for key 'big/blob' is 1000001 bytes; at most 1000000 bytes are allowed");
  }

  @Test
  void refusesANullValue() {
    assertThatNullPointerException()
        .isThrownBy(() -> Keys.requireValidValue("k", null))
        .withMessage("value");
  }
}
