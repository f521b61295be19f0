package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

/** {@link Credentials} (CONTRACT §6): the password never shows. */
class CredentialsTest {

  @Test
  void holdsUserAndPassword() {
    Credentials c = Credentials.of("alice", "s3cret");
    assertThat(c.user()).isEqualTo("alice");
    assertThat(c.password()).isEqualTo("s3cret");
  }

  @Test
  void anEmptyPasswordIsAllowed() {
    assertThat(Credentials.of("alice", "").password()).isEmpty();
  }

  @Test
  void refusesAnEmptyUser() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Credentials.of("", "pw"))
        .withMessage("user must not be empty")
        .withMessageNotContaining("pw");
  }

  @Test
  void refusesNulls() {
    assertThatNullPointerException().isThrownBy(() -> Credentials.of(null, "pw")).withMessage("user");
    assertThatNullPointerException()
        .isThrownBy(() -> Credentials.of("alice", null))
        .withMessage("password");
  }

  @Test
  void toStringShowsTheUserAndHidesThePassword() {
    Credentials c = Credentials.of("alice", "Sup3rS3cret");
    assertThat(c).hasToString("Credentials[user=alice, password=***]");
    assertThat(c.toString()).doesNotContain("Sup3rS3cret");
  }

  @Test
  void equalityIsByValue() {
    assertThat(Credentials.of("a", "b"))
        .isEqualTo(Credentials.of("a", "b"))
        .hasSameHashCodeAs(Credentials.of("a", "b"))
        .isNotEqualTo(Credentials.of("a", "c"))
        .isNotEqualTo(Credentials.of("x", "b"))
        .isNotEqualTo("a:b");
  }
}
