package dev.baton;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Properties of the key rule of {@link Keys} (CONTRACT §3), checked on generated inputs and, where the
 * domain is small, exhaustively. Each property is one test that runs {@value #TRIES} generated cases
 * (or a whole enumerated domain) against an oracle written independently of {@link Keys}.
 *
 * <p>Plain JUnit with a seeded {@link Random}, so the module needs no property-testing engine. A
 * failure names the seed; rerun with {@code -Dbaton.test.seed=<seed>} to reproduce it.
 */
class KeysProperties {
  private static final int TRIES = 1000;
  private static final long SEED = Long.getLong("baton.test.seed", System.nanoTime());
  private static final String ALLOWED =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

  /** Characters that are not allowed in a key, of every kind, '/' excluded. */
  private static final String FOREIGN =
      "\u0000\u0001\t\n\r\u001f\u007f\u0080\u009f\u00a0 *?\\:@#%+=,;!\"'<>[]{}()|~`$&^"
          + "\u00e9\u00df\u0416\u65e5\u200b\ufeff\uffff\u2028";

  // ---- the oracle ----------------------------------------------------------------------------

  /** The rule of CONTRACT §3, written without looking at {@link Keys}. */
  static boolean oracle(String key) {
    if (key.getBytes(UTF_8).length > Keys.MAX_KEY_BYTES || !SHAPE.matcher(key).matches()) {
      return false;
    }
    for (String segment : key.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** How a refused key appears in the message: control characters escaped, at most 600 chars. */
  static String quoted(String key) {
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < Math.min(key.length(), 600); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(key.length() > 600 ? "...'" : "'").toString();
  }

  static void assertKeyRefused(String key) {
    assertThatThrownBy(() -> Keys.requireValidKey(key))
        .as("key %s must be refused", quoted(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid key " + quoted(key) + ": ")
        .hasMessageContaining(Keys.KEY_RULE);
    assertThat(Keys.isValidKey(key)).as("isValidKey(%s)", quoted(key)).isFalse();
  }

  static void assertKeyAccepted(String key) {
    assertThat(Keys.requireValidKey(key)).as("requireValidKey(%s)", quoted(key)).isSameAs(key);
    assertThat(Keys.isValidKey(key)).as("isValidKey(%s)", quoted(key)).isTrue();
  }

  // ---- generators ----------------------------------------------------------------------------

  private final Random random = new Random(SEED);

  private String segment(int maxLength) {
    while (true) {
      int length = 1 + random.nextInt(maxLength);
      StringBuilder s = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        s.append(ALLOWED.charAt(random.nextInt(ALLOWED.length())));
      }
      // dots are rare in uniform picks; make segments of dots common enough to matter
      if (random.nextInt(10) == 0) {
        s.setCharAt(0, '.');
      }
      String seg = s.toString();
      if (!seg.equals(".") && !seg.equals("..")) {
        return seg;
      }
    }
  }

  private List<String> segments() {
    int count = 1 + random.nextInt(random.nextBoolean() ? 3 : 12);
    int maxLength = random.nextBoolean() ? 8 : 40;
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(segment(maxLength));
    }
    return out;
  }

  /** A valid key: segments of the allowed characters, not '.' or '..', at most 512 bytes. */
  private String validKey() {
    while (true) {
      String key = String.join("/", segments());
      if (key.length() <= Keys.MAX_KEY_BYTES) {
        return key;
      }
    }
  }

  /** A valid key of exactly {@code length} bytes. */
  private String validKeyOfLength(int length) {
    StringBuilder s = new StringBuilder();
    while (s.length() < length) {
      if (s.length() > 0) {
        s.append('/');
      }
      s.append(segment(40));
    }
    s.setLength(length);
    String key = s.toString();
    // the cut may leave a trailing '/' or a final '.'/'..' segment: end on a letter instead
    if (key.endsWith("/") || key.endsWith("/.") || key.endsWith("/..") || key.equals(".")
        || key.equals("..")) {
      key = key.substring(0, key.length() - 1) + "z";
    }
    return key;
  }

  private void forAll(Runnable property) {
    for (int i = 0; i < TRIES; i++) {
      try {
        property.run();
      } catch (AssertionError e) {
        throw new AssertionError("falsified at try " + i + " with seed " + SEED + ": "
            + e.getMessage(), e);
      }
    }
  }

  private void forAllKeys(Consumer<String> property) {
    forAll(() -> property.accept(validKey()));
  }

  // ---- keys ----------------------------------------------------------------------------------

  @Test
  void generatedValidKeysAreAcceptedAsKeysPrefixesAndElectionNames() {
    forAllKeys(
        key -> {
          assertThat(oracle(key)).as("generator produced %s", key).isTrue();
          assertKeyAccepted(key);
          assertThat(Keys.requireValidPrefix(key)).isSameAs(key);
          assertThat(Keys.requireValidElectionName(key)).isSameAs(key);
        });
  }

  @Test
  void keysWithALeadingSlashAreRefused() {
    forAllKeys(key -> assertKeyRefused("/" + key));
  }

  @Test
  void keysWithATrailingSlashAreRefused() {
    forAllKeys(key -> assertKeyRefused(key + "/"));
  }

  @Test
  void keysWithAnEmptySegmentAreRefused() {
    forAll(
        () -> {
          List<String> segments = segments();
          segments.add(random.nextInt(segments.size() + 1), "");
          String key = String.join("/", segments);
          if (key.startsWith("/") || key.endsWith("/")) {
            key = "a/" + key + "/b"; // keep the empty segment inside
          }
          assertThat(key).contains("//");
          assertKeyRefused(key);
        });
  }

  @Test
  void keysWithADotOrDotDotSegmentAreRefused() {
    forAll(
        () -> {
          List<String> segments = segments();
          String dots = random.nextBoolean() ? "." : "..";
          if (random.nextBoolean()) {
            segments.add(random.nextInt(segments.size() + 1), dots);
          } else {
            segments.set(random.nextInt(segments.size()), dots);
          }
          String key = String.join("/", segments);
          assertKeyRefused(key);
          assertThatThrownBy(() -> Keys.requireValidKey(key))
              .hasMessageContaining("segment '" + dots + "'");
        });
  }

  @Test
  void keysWithACharacterOutsideTheSetAreRefused() {
    forAll(
        () -> {
          String key = validKey();
          char foreign;
          int pick = random.nextInt(3);
          if (pick == 0) {
            foreign = FOREIGN.charAt(random.nextInt(FOREIGN.length()));
          } else if (pick == 1) {
            foreign = (char) random.nextInt(0x80); // any ASCII, filtered below
          } else {
            foreign = (char) (0x80 + random.nextInt(0xff80)); // any non-ASCII UTF-16 unit
          }
          if (ALLOWED.indexOf(foreign) >= 0 || foreign == '/') {
            return;
          }
          int at = random.nextInt(key.length() + 1);
          String bad = key.substring(0, at) + foreign + key.substring(at);
          assertKeyRefused(bad);
          assertThat(Keys.isValidKey(bad.replace(foreign, 'x')))
              .as("the same key without %s", quoted(String.valueOf(foreign)))
              .isEqualTo(oracle(bad.replace(foreign, 'x')));
        });
  }

  @Test
  void keysWithASupplementaryCharacterAreRefused() {
    forAll(
        () -> {
          String key = validKey();
          int codePoint = 0x10000 + random.nextInt(0x10ffff - 0x10000);
          int at = random.nextInt(key.length() + 1);
          assertKeyRefused(key.substring(0, at) + Character.toString(codePoint) + key.substring(at));
        });
  }

  @Test
  void lengthIsCountedInUtf8BytesWithTheLimitAt512() {
    forAll(
        () -> {
          String exactly = validKeyOfLength(Keys.MAX_KEY_BYTES);
          assertThat(exactly.getBytes(UTF_8)).hasSize(Keys.MAX_KEY_BYTES);
          assertKeyAccepted(exactly);
          String over = validKeyOfLength(Keys.MAX_KEY_BYTES + 1 + random.nextInt(600));
          assertThat(SHAPE.matcher(over).matches())
              .as("%s is well formed but for its length", over)
              .isTrue();
          assertKeyRefused(over);
          assertThatThrownBy(() -> Keys.requireValidKey(over))
              .hasMessageContaining("longer than 512 bytes");
        });
  }

  @Test
  void overlongKeysAreQuotedAbbreviatedInTheMessage() {
    forAll(
        () -> {
          String key = validKeyOfLength(601 + random.nextInt(5000));
          assertThatThrownBy(() -> Keys.requireValidKey(key))
              .hasMessageContaining(quoted(key))
              .hasMessageContaining(Keys.KEY_RULE)
              .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(900));
        });
  }

  /**
   * Every string of up to 5 characters over an alphabet of every kind of character that matters (3
   * allowed letters, the 3 allowed punctuation marks, '/', a space and a non-ASCII letter): the rule
   * agrees with the oracle on all 66,430 of them, and every refusal quotes the key and the rule.
   */
  @Test
  void exhaustivelyAgreesWithTheOracleOnAllShortStrings() {
    char[] alphabet = {'a', 'Z', '0', '.', '_', '-', '/', ' ', '\u00e9'};
    int checked = 0;
    List<String> current = List.of("");
    for (int length = 0; length <= 5; length++) {
      List<String> next = new ArrayList<>();
      for (String s : current) {
        boolean expected = oracle(s);
        assertThat(Keys.isValidKey(s)).as("isValidKey(%s)", quoted(s)).isEqualTo(expected);
        if (expected) {
          assertKeyAccepted(s);
        } else {
          assertKeyRefused(s);
        }
        checked++;
        if (length < 5) {
          for (char c : alphabet) {
            next.add(s + c);
          }
        }
      }
      current = next;
    }
    assertThat(checked).isEqualTo(1 + 9 + 81 + 729 + 6561 + 59049);
  }

  /** Every UTF-16 code unit, alone and between two letters. */
  @Test
  void exhaustivelyClassifiesEveryCharacter() {
    for (int c = 0; c <= 0xffff; c++) {
      char ch = (char) c;
      boolean allowed = ALLOWED.indexOf(ch) >= 0;
      String alone = String.valueOf(ch);
      assertThat(Keys.isValidKey(alone))
          .as("single character key %s", quoted(alone))
          .isEqualTo(allowed && ch != '.');
      String inside = "a" + ch + "b";
      assertThat(Keys.isValidKey(inside))
          .as("key %s", quoted(inside))
          .isEqualTo(allowed || ch == '/');
    }
  }

  // ---- prefixes and subtrees -----------------------------------------------------------------

  @Test
  void aPrefixIsEmptyOrAValidKey() {
    assertThat(Keys.requireValidPrefix("")).isEmpty();
    forAll(
        () -> {
          String key = validKey();
          String bad = random.nextBoolean() ? key + "/" : "/" + key;
          assertThat(Keys.requireValidPrefix(key)).isSameAs(key);
          assertThatThrownBy(() -> Keys.requireValidPrefix(bad))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageStartingWith("invalid prefix " + quoted(bad))
              .hasMessageContaining(Keys.KEY_RULE);
        });
  }

  @Test
  void everyKeyIsUnderItselfAndUnderTheEmptyPrefix() {
    forAllKeys(
        key -> {
          assertThat(Keys.isUnder(key, key)).as("'%s' under itself", key).isTrue();
          assertThat(Keys.isUnder(key, "")).as("'%s' under ''", key).isTrue();
        });
  }

  @Test
  void aPrefixCoversWholeSegmentsOnly() {
    forAll(
        () -> {
          String prefix = validKey();
          String rest = validKey();
          char c = ALLOWED.charAt(random.nextInt(ALLOWED.length()));
          assertThat(Keys.isUnder(prefix + "/" + rest, prefix))
              .as("'%s/%s' under '%s'", prefix, rest, prefix)
              .isTrue();
          assertThat(Keys.isUnder(prefix + c, prefix))
              .as("'%s%s' under '%s'", prefix, c, prefix)
              .isFalse();
          assertThat(Keys.isUnder(prefix + c + "/" + rest, prefix))
              .as("'%s%s/%s' under '%s'", prefix, c, rest, prefix)
              .isFalse();
          assertThat(Keys.isUnder(prefix, prefix + "/" + rest))
              .as("'%s' under its own child", prefix)
              .isFalse();
        });
  }

  @Test
  void isUnderMeansEqualOrStartsWithPrefixAndSlash() {
    forAll(
        () -> {
          String key = validKey();
          String prefix;
          int pick = random.nextInt(3);
          if (pick == 0) {
            String[] parts = key.split("/");
            prefix = String.join("/", List.of(parts).subList(0, 1 + random.nextInt(parts.length)));
          } else if (pick == 1) {
            prefix = key.substring(0, 1 + random.nextInt(key.length()));
          } else {
            prefix = validKey();
          }
          boolean expected = key.equals(prefix) || key.startsWith(prefix + "/");
          assertThat(Keys.isUnder(key, prefix))
              .as("isUnder('%s', '%s')", key, prefix)
              .isEqualTo(expected);
        });
  }

  // ---- election names and values -------------------------------------------------------------

  @Test
  void electionNamesFollowTheKeyRule() {
    forAll(
        () -> {
          String key = validKey();
          String bad =
              switch (random.nextInt(4)) {
                case 0 -> key + "/";
                case 1 -> key + "/..";
                case 2 -> key + " x";
                default -> "a//" + key;
              };
          assertThat(Keys.requireValidElectionName(key)).isSameAs(key);
          assertThatThrownBy(() -> Keys.requireValidElectionName(bad))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageStartingWith("invalid election name " + quoted(bad))
              .hasMessageContaining(Keys.KEY_RULE);
        });
  }

  @Test
  void valuesUpToTheLimitAreAcceptedAndLargerOnesRefused() {
    for (int i = 0; i < 50; i++) {
      int size = Keys.MAX_VALUE_BYTES - 25 + random.nextInt(50);
      byte[] value = new byte[size];
      String key = validKey();
      if (size <= Keys.MAX_VALUE_BYTES) {
        assertThat(Keys.requireValidValue(key, value)).as("value of %d bytes", size).isSameAs(value);
      } else {
        assertThatCode(() -> Keys.requireValidValue(key, value))
            .as("value of %d bytes", size)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'" + key + "'")
            .hasMessageContaining(size + " bytes");
      }
    }
  }
}
