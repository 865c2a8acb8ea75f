package io.vicisync.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The DID Optimizer API: where it is, the key, and how patiently to talk to it.
 *
 * @param caFile PEM certificates to trust for an https receiver with a private CA; null: the JVM's
 *     default trust store
 */
public record ApiSettings(
    URI baseUrl,
    String apiKey,
    Duration timeout,
    int retryCount,
    Duration retryDelay,
    Path caFile) {

  public URI callResultsUri() {
    return baseUrl.resolve(stripSlash(baseUrl.getPath()) + "/api/v1/call-results");
  }

  /**
   * Where the receiver says it is up, in the order asked: the DID Optimizer's published server
   * answers {@code /api/health} (with the key; it has no {@code /api/v1/health}, 404 "Route not
   * found"), the first version's documents named {@code /api/v1/health}.
   */
  public List<URI> healthUris() {
    String base = stripSlash(baseUrl.getPath());
    return List.of(baseUrl.resolve(base + "/api/health"), baseUrl.resolve(base + "/api/v1/health"));
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** Never prints the key, so the record can be logged. */
  @Override
  public String toString() {
    return baseUrl
        + " (key "
        + Secrets.mask(apiKey)
        + ", timeout "
        + timeout.toMillis()
        + " ms, "
        + retryCount
        + " retries from "
        + retryDelay.toMillis()
        + " ms)";
  }
}
