package io.vicisync.sink;

import io.vicisync.config.ApiSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Asks the DID Optimizer whether it is there and takes the key: {@code GET /api/v1/health}. */
public final class ReceiverProbe {
  /**
   * What the health check answered.
   *
   * @param status the HTTP status; 0 when no answer came
   * @param detail the answer's first characters, or why there was none
   */
  public record Answer(int status, String detail) {}

  private ReceiverProbe() {}

  public static Answer health(ApiSettings api, String userAgent) {
    HttpRequest req;
    HttpClient client;
    try {
      client = HttpClients.build(api);
      req =
          HttpRequest.newBuilder(api.healthUri())
              .timeout(api.timeout())
              .header("x-api-key", api.apiKey())
              .header("User-Agent", userAgent)
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      return new Answer(0, "the API key cannot be sent in an HTTP header");
    } catch (io.vicisync.VicisyncException e) {
      return new Answer(0, e.getMessage());
    }
    try {
      HttpResponse<BoundedBody.Head> r =
          client
              .sendAsync(req, BoundedBody.handler(4096))
              .get(api.timeout().toMillis() * 2 + 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
      return new Answer(
          r.statusCode(), Acknowledgement.text(r.body().bytes(), r.body().cut(), 120));
    } catch (java.util.concurrent.TimeoutException e) {
      return new Answer(0, "no answer within " + (api.timeout().toMillis() * 2 + 1000) + " ms");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      return new Answer(
          0,
          c.getClass().getSimpleName()
              + (c.getMessage() == null
                  ? ""
                  : ": " + io.vicisync.Text.oneLine(c.getMessage(), 200)));
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
