package dev.baton;

/**
 * JSON to a record or class through one Jackson line ({@link Jackson3} or {@link Jackson2}, chosen
 * by {@link Codec#json}); unknown properties are refused.
 */
final class JsonCodec<T> implements Codec<T> {
  /** What the codec needs of a Jackson line; each line's class loads only when it is chosen. */
  interface Mapper {
    Object read(byte[] bytes, Class<?> type) throws Exception;

    byte[] write(Object value) throws Exception;

    /** The parser's own message, without the source excerpt Jackson appends. */
    String reason(Exception failure);
  }

  private final Class<T> type;
  private final Mapper mapper;

  JsonCodec(Class<T> type, Mapper mapper) {
    this.type = type;
    this.mapper = mapper;
  }

  @Override
  public T decode(byte[] bytes) {
    try {
      return type.cast(mapper.read(bytes, type));
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "not valid JSON for " + type.getSimpleName() + ": " + mapper.reason(e), e);
    }
  }

  @Override
  public byte[] encode(T value) {
    try {
      return mapper.write(value);
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot write " + type.getSimpleName() + " as JSON", e);
    }
  }
}
