package dev.baton.spring;

import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@code LiveProperties<T>} bean per record of {@link EnableBatonProperties}, made by
 * {@link LivePropertiesFactory} (registered here too, once), named {@code <prefix>-<record class>}.
 */
final class LivePropertiesRegistrar implements ImportBeanDefinitionRegistrar {

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    Set<Class<?>> types = new LinkedHashSet<>();
    metadata.getAnnotations().stream(EnableBatonProperties.class)
        .map(MergedAnnotation::asAnnotationAttributes)
        .forEach(attributes -> types.addAll(Set.of((Class<?>[]) attributes.get("value"))));
    if (types.isEmpty()) {
      return;
    }
    if (!registry.containsBeanDefinition(LivePropertiesFactory.BEAN_NAME)) {
      RootBeanDefinition factory = new RootBeanDefinition(LivePropertiesFactory.class);
      factory.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
      factory.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
      registry.registerBeanDefinition(LivePropertiesFactory.BEAN_NAME, factory);
    }
    for (Class<?> type : types) {
      if (!type.isRecord()) {
        throw new BatonConfigurationException(type.getName() + " is listed in"
            + " @EnableBatonProperties but is not a record",
            "Make it a record: a live properties value is immutable and replaced whole on each"
                + " change.");
      }
      BatonProperties annotation = type.getAnnotation(BatonProperties.class);
      String prefix = annotation == null ? "" : annotation.prefix();
      String name = prefix + "-" + type.getName();
      if (registry.containsBeanDefinition(name)) {
        continue;
      }
      RootBeanDefinition live = new RootBeanDefinition();
      live.setTargetType(ResolvableType.forClassWithGenerics(LiveProperties.class, type));
      live.setFactoryBeanName(LivePropertiesFactory.BEAN_NAME);
      live.setFactoryMethodName("create");
      live.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
      live.setDestroyMethodName("close");
      registry.registerBeanDefinition(name, live);
    }
  }
}
