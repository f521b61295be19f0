package dev.baton;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON through Jackson 3 ({@code tools.jackson}); loaded only when chosen by {@link Codec#json}. */
final class Jackson3Codec<T> implements Codec<T> {
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final Class<T> type;

  Jackson3Codec(Class<T> type) {
    this.type = type;
    MAPPER.getTypeFactory(); // fail at construction, not first use, if Jackson is missing
  }

  @Override
  public T decode(byte[] bytes) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "not valid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public byte[] encode(T value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("cannot write " + type.getSimpleName() + " as JSON", e);
    }
  }
}
