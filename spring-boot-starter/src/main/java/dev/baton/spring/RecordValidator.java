package dev.baton.spring;

import java.util.List;

/** Validates a bound record; the starter's seam over Jakarta Validation, which is optional. */
interface RecordValidator {
  /** One constraint a record breaks: the component path ("rateLimit", "retry.maxAttempts"). */
  record Violation(String path, String message, Object invalidValue) {}

  /** The constraints {@code record} breaks; empty if none. */
  List<Violation> validate(Object record);
}
