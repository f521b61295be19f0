package dev.baton.examples.spring;

import dev.baton.spring.BatonProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The greeting, live from the keys {@code greeting/message} and {@code greeting/max-per-minute}.
 * A value that breaks a constraint ({@code baton kv put ... greeting/max-per-minute 0}) is refused
 * and the last good greeting kept.
 *
 * @param message what {@code /greeting} says before the name
 * @param maxPerMinute how many greetings this instance serves per minute; more get 429
 */
@BatonProperties(prefix = "greeting")
public record GreetingSettings(
    @DefaultValue("hello") @NotBlank @Size(max = 200) String message,
    @DefaultValue("600") @Min(1) @Max(1_000_000) int maxPerMinute) {}
