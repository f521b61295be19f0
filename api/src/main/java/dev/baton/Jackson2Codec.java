package dev.baton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** JSON through Jackson 2 ({@code com.fasterxml.jackson}); loaded only when chosen by {@link Codec#json}. */
final class Jackson2Codec<T> implements Codec<T> {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Class<T> type;

  Jackson2Codec(Class<T> type) {
    this.type = type;
    MAPPER.getTypeFactory(); // fail at construction, not first use, if Jackson is missing
  }

  @Override
  public T decode(byte[] bytes) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not valid JSON for " + type.getSimpleName() + ": " + reason(e), e);
    }
  }

  private static String reason(IOException e) {
    return e instanceof com.fasterxml.jackson.core.JacksonException j
        ? j.getOriginalMessage()
        : e.getMessage();
  }

  @Override
  public byte[] encode(T value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write " + type.getSimpleName() + " as JSON", e);
    }
  }
}
