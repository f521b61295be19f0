package dev.baton.spring;

import dev.baton.AuthenticationException;
import dev.baton.ConnectionException;
import dev.baton.PermissionDeniedException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns a Baton startup failure into Spring Boot's "APPLICATION FAILED TO START" report: a
 * {@link BatonConfigurationException}, or a store that could not be reached or refused the
 * credentials.
 */
public final class BatonFailureAnalyzer implements FailureAnalyzer {

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof BatonConfigurationException e) {
        return new FailureAnalysis(e.getMessage(), e.action(), e);
      }
      if (t instanceof ConnectionException e) {
        return new FailureAnalysis("Baton could not connect to its store: " + e.getMessage(),
            "Check baton.uri and that the store is reachable from here, or set"
                + " baton.lazy-connect=true to start without it and connect in the background.",
            e);
      }
      if (t instanceof AuthenticationException || t instanceof PermissionDeniedException) {
        return new FailureAnalysis("Baton's store refused this service: " + t.getMessage(),
            "Check baton.username and baton.password (or the URI's user info) and the rights"
                + " of that identity on the namespace.", t);
      }
    }
    return null;
  }
}
