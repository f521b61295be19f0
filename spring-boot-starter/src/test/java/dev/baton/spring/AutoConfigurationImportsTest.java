package dev.baton.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The starter's registrations: what Spring Boot finds on the class path. */
class AutoConfigurationImportsTest {

  @Test
  void theAutoConfigurationsAreRegistered() {
    assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
        .contains(BatonAutoConfiguration.class.getName(),
            BatonHealthAutoConfiguration.class.getName(),
            BatonMetricsAutoConfiguration.class.getName());
  }

  @Test
  void theFailureAnalyzerIsRegistered() throws IOException {
    List<String> analyzers = new ArrayList<>();
    for (URL url : Collections.list(getClass().getClassLoader()
        .getResources(SpringFactoriesLoader.FACTORIES_RESOURCE_LOCATION))) {
      Properties factories = PropertiesLoaderUtils.loadProperties(new UrlResource(url));
      String names = factories.getProperty(FailureAnalyzer.class.getName(), "");
      analyzers.addAll(List.of(names.split("\\s*,\\s*")));
    }
    assertThat(analyzers).contains(BatonFailureAnalyzer.class.getName());
    assertThat(new BatonFailureAnalyzer()).isInstanceOf(FailureAnalyzer.class);
  }

  @Test
  void configurationMetadataDescribesTheBatonProperties() throws IOException {
    String json = "";
    for (URL url : Collections.list(getClass().getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (text.contains(BatonCoordinatorProperties.class.getName())) {
          json = text;
        }
      }
    }
    assertThat(json).as("Baton's META-INF/spring-configuration-metadata.json")
        .contains("\"baton.uri\"", "\"baton.session-ttl\"", "\"baton.tls.ca\"",
        "\"baton.participant-id\"", "\"baton.lazy-connect\"", "\"baton.snapshot-file\"");
  }
}
