package dev.baton.spring;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.ValidationException;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.validation.MessageInterpolatorFactory;

/**
 * Validates records with Jakarta Validation: the application's {@code jakarta.validation.Validator}
 * bean if it has one (Spring Boot makes one with spring-boot-starter-validation), else one built
 * from the provider on the class path, which this object then closes.
 */
final class JakartaRecordValidator implements RecordValidator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JakartaRecordValidator.class);

  private final Validator validator;
  private final ValidatorFactory ownFactory;

  private JakartaRecordValidator(Validator validator, ValidatorFactory ownFactory) {
    this.validator = validator;
    this.ownFactory = ownFactory;
  }

  static JakartaRecordValidator using(Validator validator) {
    return new JakartaRecordValidator(validator, null);
  }

  /** One from the default provider, or null if there is none on the class path. */
  static JakartaRecordValidator fromDefaultProvider() {
    try {
      ValidatorFactory factory = Validation.byDefaultProvider().configure()
          .messageInterpolator(new MessageInterpolatorFactory().getObject())
          .buildValidatorFactory();
      return new JakartaRecordValidator(factory.getValidator(), factory);
    } catch (ValidationException e) {
      LOG.debug("no Jakarta Validation provider: live properties records are not validated", e);
      return null;
    }
  }

  @Override
  public List<Violation> validate(Object record) {
    return validator.validate(record).stream()
        .sorted(Comparator.comparing((ConstraintViolation<Object> v) -> v.getPropertyPath().toString())
            .thenComparing(ConstraintViolation::getMessage))
        .map(v -> new Violation(v.getPropertyPath().toString(), v.getMessage(), v.getInvalidValue()))
        .distinct()
        .toList();
  }

  @Override
  public void close() {
    if (ownFactory != null) {
      ownFactory.close();
    }
  }
}
