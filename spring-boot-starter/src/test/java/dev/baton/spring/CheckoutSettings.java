package dev.baton.spring;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The live record of the tests: keys under {@code checkout}. */
@BatonProperties(prefix = "checkout")
public record CheckoutSettings(
    @DefaultValue("100") @Min(1) @Max(10_000) int rateLimit,
    @DefaultValue("2s") Duration timeout,
    @DefaultValue("LENIENT") Mode mode,
    @DefaultValue("checkout") @NotBlank String label,
    List<String> regions,
    @DefaultValue @Valid Retry retry) {

  /** How strictly checkout checks. */
  public enum Mode { STRICT, LENIENT }

  /** A nested record: keys under {@code checkout/retry}. */
  public record Retry(@DefaultValue("3") @Min(0) int maxAttempts) {}
}
