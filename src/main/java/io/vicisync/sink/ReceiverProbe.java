package io.vicisync.sink;

import io.vicisync.config.ApiSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Asks the DID Optimizer whether it is there and takes the key: {@code GET /api/v1/health}. */
public final class ReceiverProbe {
  /**
   * @param status the HTTP status; 0 when no answer came
   * @param detail the answer's first characters, or why there was none
   */
  public record Answer(int status, String detail) {}

  private ReceiverProbe() {}

  public static Answer health(ApiSettings api, String userAgent) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(api.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    HttpRequest req = HttpRequest.newBuilder(api.healthUri()).timeout(api.timeout())
        .header("x-api-key", api.apiKey()).header("User-Agent", userAgent).GET().build();
    try {
      HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
      String body = r.body().replaceAll("\\s+", " ").strip();
      return new Answer(r.statusCode(), body.length() > 120 ? body.substring(0, 120) + "…" : body);
    } catch (IOException e) {
      return new Answer(0, e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "interrupted");
    }
  }

  /**
   * Whether the API key would cross a network in clear text: plain http to a host that is not this
   * machine.
   */
  public static boolean keyInClearText(ApiSettings api) {
    if (!"http".equalsIgnoreCase(api.baseUrl().getScheme())) {
      return false;
    }
    String host = api.baseUrl().getHost();
    if (host == null || host.equalsIgnoreCase("localhost")) {
      return false;
    }
    try {
      return !InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return true;
    }
  }
}
