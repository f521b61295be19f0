package dev.baton;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Jackson 3 ({@code tools.jackson}, as Spring Boot 4 brings) for {@link JsonCodec}. */
final class Jackson3 implements JsonCodec.Mapper {
  static final Jackson3 INSTANCE = new Jackson3();

  private final JsonMapper mapper = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private Jackson3() {}

  @Override
  public Object read(byte[] bytes, Class<?> type) {
    return mapper.readValue(bytes, type);
  }

  @Override
  public byte[] write(Object value) {
    return mapper.writeValueAsBytes(value);
  }

  @Override
  public String reason(Exception failure) {
    return failure instanceof JacksonException j ? j.getOriginalMessage() : failure.getMessage();
  }
}
