package dev.baton.spring;

import dev.baton.Keys;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds {@link LeaderOnly} methods and {@link LeaderTask} beans: proxies the beans with such methods
 * (a subclass proxy with {@link LeaderOnlyInterceptor}), checks each use at startup, and tells
 * {@link BatonElections} the elections and tasks found.
 *
 * <p>Ordered just before Spring's own processors of the lowest precedence, so {@code @Scheduled}
 * methods are scheduled on the proxy, and {@code @Async} or method validation add their advice to
 * it.
 */
final class LeaderOnlyBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {
  private static final long serialVersionUID = 1L;

  private final transient LeaderOnlyRegistry registry = new LeaderOnlyRegistry();
  private transient ConfigurableBeanFactory beanFactory;
  private transient volatile BatonElections elections;

  LeaderOnlyBeanPostProcessor() {
    setProxyTargetClass(true);
    setOrder(Ordered.LOWEST_PRECEDENCE - 100);
    this.advisor = new DefaultPointcutAdvisor(
        new AnnotationMatchingPointcut(null, LeaderOnly.class, true),
        new LeaderOnlyInterceptor(this));
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    super.setBeanFactory(beanFactory);
    this.beanFactory = beanFactory instanceof ConfigurableBeanFactory c ? c : null;
  }

  LeaderOnlyRegistry registry() {
    return registry;
  }

  /** The elections bean, once it can be had. */
  Optional<BatonElections> elections() {
    BatonElections e = elections;
    if (e == null && beanFactory != null) {
      try {
        e = beanFactory.getBean(BatonElections.class);
        elections = e;
      } catch (BeansException notYetOrNoMore) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(e);
  }

  /** The election name of {@code annotation}, placeholders resolved and checked. */
  String electionName(LeaderOnly annotation, String where) {
    String name = annotation.value();
    if (beanFactory != null) {
      String resolved = beanFactory.resolveEmbeddedValue(name);
      name = resolved == null ? name : resolved;
    }
    try {
      return Keys.requireValidElectionName(name);
    } catch (IllegalArgumentException e) {
      throw new BatonConfigurationException("@LeaderOnly on " + where + ": " + e.getMessage(),
          "Name the election with a key-like name, such as \"billing\" or \"jobs/cleanup\".", e);
    }
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof org.springframework.aop.framework.AopInfrastructureBean) {
      return bean;
    }
    Class<?> type = AopUtils.getTargetClass(bean);
    LeaderOnly onType = AnnotatedElementUtils.findMergedAnnotation(type, LeaderOnly.class);
    if (onType != null) {
      if (!(bean instanceof LeaderTask task)) {
        throw new BatonConfigurationException("@LeaderOnly on class " + type.getName()
            + " (bean '" + beanName + "'), which is not a LeaderTask",
            "Put @LeaderOnly on the methods to guard, or implement LeaderTask to run a task for"
                + " each term.");
      }
      registry.task(electionName(onType, "class " + type.getName()), beanName, task);
    }
    Map<Method, LeaderOnly> methods = MethodIntrospector.selectMethods(type,
        (MethodIntrospector.MetadataLookup<LeaderOnly>) m ->
            AnnotatedElementUtils.findMergedAnnotation(m, LeaderOnly.class));
    for (Map.Entry<Method, LeaderOnly> e : methods.entrySet()) {
      Method m = e.getKey();
      String where = type.getName() + "." + m.getName() + "()";
      int modifiers = m.getModifiers();
      if (Modifier.isStatic(modifiers) || Modifier.isPrivate(modifiers)
          || Modifier.isFinal(modifiers)) {
        throw new BatonConfigurationException("@LeaderOnly on " + where + ", which is "
            + Modifier.toString(modifiers & (Modifier.STATIC | Modifier.PRIVATE | Modifier.FINAL))
            + ": the call could not be guarded", "Make the method non-static, non-private and"
            + " non-final: it is guarded through a proxy of its bean.");
      }
      if (m.getReturnType().isPrimitive() && m.getReturnType() != void.class) {
        throw new BatonConfigurationException("@LeaderOnly on " + where + ", which returns "
            + m.getReturnType() + ": a skipped call returns null",
            "Return void, an object or an Optional (empty when skipped).");
      }
      if (Modifier.isFinal(type.getModifiers())) {
        throw new BatonConfigurationException("@LeaderOnly on " + where + " of a final class",
            "Make " + type.getName() + " non-final: its calls are guarded through a subclass"
                + " proxy.");
      }
      registry.election(electionName(e.getValue(), where));
    }
    return super.postProcessAfterInitialization(bean, beanName);
  }
}
