package dev.baton.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.NestedExceptionUtils;

/**
 * Binds a record from the keys under a prefix with Spring Boot's {@link Binder}, then validates it.
 * Key {@code checkout/retry/max-attempts} under prefix {@code checkout} is the property {@code
 * retry.max-attempts} of the record.
 */
final class RecordBinder<T extends Record> {
  private final Class<T> type;
  private final String prefix;
  private final RecordValidator validator; // null: no validation

  RecordBinder(Class<T> type, String prefix, RecordValidator validator) {
    this.type = type;
    this.prefix = prefix;
    this.validator = validator;
  }

  /** A bound and validated record, or why not. */
  sealed interface Outcome<T> {}

  record Bound<T>(T value) implements Outcome<T> {}

  record Refused<T>(List<String> keys, String reason, RuntimeException cause)
      implements Outcome<T> {}

  /**
   * The record of defaults, not validated.
   *
   * @throws BatonConfigurationException if the record's defaults do not bind
   */
  T defaults() {
    try {
      return new Binder(new MapConfigurationPropertySource())
          .bindOrCreate(ConfigurationPropertyName.EMPTY, Bindable.of(type), BindHandler.DEFAULT);
    } catch (RuntimeException e) {
      throw new BatonConfigurationException("The defaults of " + type.getName() + " (@BatonProperties"
          + " prefix '" + prefix + "') cannot be bound: " + mostSpecificMessage(e),
          "Fix the record's @DefaultValue annotations.", e);
    }
  }

  /** Binds {@code keys} (full store keys under the prefix, to their UTF-8 values). */
  Outcome<T> bind(SortedMap<String, String> keys) {
    Map<String, Object> properties = new LinkedHashMap<>();
    Map<ConfigurationPropertyName, String> keyOf = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : keys.entrySet()) {
      if (e.getKey().length() <= prefix.length()) {
        continue; // the prefix key itself names no component
      }
      String property = e.getKey().substring(prefix.length() + 1).replace('/', '.');
      properties.put(property, e.getValue());
      keyOf.put(ConfigurationPropertyName.adapt(property, '.'), e.getKey());
    }
    T record;
    try {
      Binder binder = new Binder(new MapConfigurationPropertySource(properties));
      record = binder.bindOrCreate(ConfigurationPropertyName.EMPTY, Bindable.of(type), BindHandler.DEFAULT);
    } catch (BindException e) {
      return refusedBinding(e, keys, keyOf);
    } catch (RuntimeException e) {
      return new Refused<>(List.of(), "cannot bind " + type.getSimpleName() + ": "
          + mostSpecificMessage(e), e);
    }
    if (validator == null) {
      return new Bound<>(record);
    }
    List<RecordValidator.Violation> violations = validator.validate(record);
    if (violations.isEmpty()) {
      return new Bound<>(record);
    }
    Set<String> faultyKeys = new LinkedHashSet<>();
    List<String> reasons = new ArrayList<>();
    for (RecordValidator.Violation v : violations) {
      String key = keyFor(v.path(), keyOf);
      boolean present = keys.containsKey(key);
      faultyKeys.add(key);
      reasons.add(key + (present ? " = '" + keys.get(key) + "'" : " (absent, default "
          + v.invalidValue() + ")") + ": " + v.message());
    }
    String reason = String.join("; ", reasons);
    return new Refused<>(List.copyOf(faultyKeys), reason, new IllegalArgumentException(
        type.getSimpleName() + " fails validation: " + reason));
  }

  private Outcome<T> refusedBinding(BindException e, SortedMap<String, String> keys,
      Map<ConfigurationPropertyName, String> keyOf) {
    ConfigurationProperty property = e.getProperty();
    ConfigurationPropertyName name = property != null ? property.getName() : e.getName();
    List<String> faulty = new ArrayList<>();
    String direct = keyOf.get(name);
    if (direct != null) {
      faulty.add(direct);
    } else {
      keyOf.forEach((n, key) -> {
        if (name.isAncestorOf(n)) {
          faulty.add(key);
        }
      });
    }
    String target = e.getTarget().getType().toString();
    String where = faulty.isEmpty() ? prefix + "/" + name.toString().replace('.', '/')
        : String.join(", ", faulty.stream().map(k -> k + " = '" + keys.get(k) + "'").toList());
    String reason = where + ": cannot be read as " + simpleTypeName(target) + " ("
        + mostSpecificMessage(e) + ")";
    return new Refused<>(faulty, reason, e);
  }

  /** The store key of a validation path: a present key if one matches, else the kebab-case key. */
  private String keyFor(String path, Map<ConfigurationPropertyName, String> keyOf) {
    if (path.isEmpty()) {
      return prefix;
    }
    ConfigurationPropertyName name = ConfigurationPropertyName.adapt(path, '.');
    String present = keyOf.get(name);
    if (present != null) {
      return present;
    }
    for (Map.Entry<ConfigurationPropertyName, String> e : keyOf.entrySet()) {
      if (e.getKey().equals(name)) {
        return e.getValue();
      }
    }
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("\\.")) {
      segments.add(DataObjectPropertyName.toDashedForm(segment.replaceAll("[\\[\\]<>]", "")));
    }
    return prefix + "/" + String.join("/", segments);
  }

  private static String simpleTypeName(String typeName) {
    return typeName.replace("java.lang.", "").replace("java.time.", "").replace("java.util.", "");
  }

  private static String mostSpecificMessage(Throwable e) {
    Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
