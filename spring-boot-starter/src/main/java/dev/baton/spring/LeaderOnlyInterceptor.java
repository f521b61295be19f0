package dev.baton.spring;

import dev.baton.Leadership;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;

/** Runs a {@link LeaderOnly} method only while this instance leads its election. */
final class LeaderOnlyInterceptor implements MethodInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderOnly.class);
  private static final String NONE = "";

  private final LeaderOnlyBeanPostProcessor processor;
  private final Map<Method, String> elections = new ConcurrentHashMap<>();

  LeaderOnlyInterceptor(LeaderOnlyBeanPostProcessor processor) {
    this.processor = processor;
  }

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    Method method = invocation.getMethod();
    Object target = invocation.getThis();
    Method specific = target == null ? method
        : AopUtils.getMostSpecificMethod(method, AopUtils.getTargetClass(target));
    String election = elections.computeIfAbsent(specific, m -> {
      LeaderOnly annotation = AnnotatedElementUtils.findMergedAnnotation(m, LeaderOnly.class);
      if (annotation == null) {
        annotation = AnnotatedElementUtils.findMergedAnnotation(method, LeaderOnly.class);
      }
      return annotation == null ? NONE
          : processor.electionName(annotation, m.getDeclaringClass().getName() + "." + m.getName());
    });
    if (election.isEmpty()) {
      return invocation.proceed();
    }
    Optional<Leadership> term =
        processor.elections().flatMap(e -> e.termForCall(election)).filter(Leadership::isActive);
    if (term.isEmpty()) {
      if (LOG.isDebugEnabled()) {
        LOG.debug("skipped {}.{}(): this instance does not lead election '{}'",
            specific.getDeclaringClass().getSimpleName(), specific.getName(), election);
      }
      return method.getReturnType() == Optional.class ? Optional.empty() : null;
    }
    Leadership outer = BatonLeadership.enter(term.get());
    try {
      return invocation.proceed();
    } finally {
      BatonLeadership.restore(outer);
    }
  }
}
