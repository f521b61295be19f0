package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The module {@code dev.baton} on the module path, loaded in a layer of its own: a service reaches
 * the API and the provider SPI; the shared implementation in {@code dev.baton.internal} is open to
 * Baton's backends only.
 */
class ModuleBoundaryTest {
  private static ModuleLayer layer;
  private static Module api;

  @BeforeAll
  static void loadTheModule() throws Exception {
    ModuleFinder finder = ModuleFinder.of(locationOf(Coordinator.class),
        locationOf(LoggerFactory.class));
    Configuration config = ModuleLayer.boot().configuration()
        .resolve(finder, ModuleFinder.of(), Set.of("dev.baton"));
    layer = ModuleLayer.boot().defineModulesWithOneLoader(config,
        ClassLoader.getPlatformClassLoader());
    api = layer.findModule("dev.baton").orElseThrow();
  }

  @Test
  void exportsTheApiAndTheProviderSpiToEveryone() {
    assertThat(api.isExported("dev.baton")).isTrue();
    assertThat(api.isExported("dev.baton.spi")).isTrue();
    assertThat(api.getDescriptor().uses()).containsExactly("dev.baton.spi.CoordinatorProvider");
  }

  @Test
  void exportsTheInternalPackageToTheBackendsOnly() {
    Map<String, Set<String>> qualified = api.getDescriptor().exports().stream()
        .filter(ModuleDescriptor.Exports::isQualified)
        .collect(Collectors.toMap(ModuleDescriptor.Exports::source,
            ModuleDescriptor.Exports::targets));
    assertThat(qualified).containsOnlyKeys("dev.baton.internal");
    assertThat(qualified.get("dev.baton.internal"))
        .as("Baton's own backends; the memory backend uses the public SPI alone")
        .containsExactlyInAnyOrder("dev.baton.zookeeper", "dev.baton.etcd");
    assertThat(api.isExported("dev.baton.internal")).isFalse();
    assertThat(api.getPackages())
        .as("every package of the module is the API, the SPI or internal")
        .containsExactlyInAnyOrder("dev.baton", "dev.baton.spi", "dev.baton.internal");
  }

  @Test
  void aServiceCannotReachTheInternals() throws Exception {
    ClassLoader loader = layer.findLoader("dev.baton");
    Class<?> coordinator = Class.forName("dev.baton.Coordinator", true, loader);
    assertThat(coordinator.getModule()).isSameAs(api);
    assertThat(Class.forName("dev.baton.Keys", true, loader)
        .getMethod("requireValidKey", String.class).invoke(null, "a/b")).isEqualTo("a/b");

    Class<?> time = Class.forName("dev.baton.internal.TimeSource", true, loader);
    assertThatThrownBy(() -> time.getMethod("system").invoke(null))
        .as("a call from outside the module into dev.baton.internal")
        .isInstanceOf(IllegalAccessException.class);
  }

  private static Path locationOf(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
