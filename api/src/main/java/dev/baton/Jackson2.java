package dev.baton;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Jackson 2 ({@code com.fasterxml.jackson}) for {@link JsonCodec}. */
final class Jackson2 implements JsonCodec.Mapper {
  static final Jackson2 INSTANCE = new Jackson2();

  private final ObjectMapper mapper =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Jackson2() {}

  @Override
  public Object read(byte[] bytes, Class<?> type) throws Exception {
    return mapper.readValue(bytes, type);
  }

  @Override
  public byte[] write(Object value) throws Exception {
    return mapper.writeValueAsBytes(value);
  }

  @Override
  public String reason(Exception failure) {
    return failure instanceof JacksonException j ? j.getOriginalMessage() : failure.getMessage();
  }
}
