package io.vicisync.sink;

import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.config.ApiSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the DID Optimizer whether it is there and takes the key: {@code GET /api/health}, or {@code
 * /api/v1/health} where that one is not found (see {@link ApiSettings#healthUris}).
 */
public final class ReceiverProbe {
  /**
   * What the health check answered.
   *
   * @param status the HTTP status; 0 when no answer came
   * @param detail the answer's first characters, or why there was none
   * @param asked the URI whose answer this is (the last one asked)
   * @param rateLimit what the answer's headers say of the receiver's rate limit
   */
  public record Answer(int status, String detail, URI asked, Optional<RateLimit> rateLimit) {
    Answer(int status, String detail, URI asked) {
      this(status, detail, asked, Optional.empty());
    }
  }

  private ReceiverProbe() {}

  public static Answer health(ApiSettings api, String userAgent) {
    HttpClient client;
    try {
      client = HttpClients.build(api);
    } catch (VicisyncException e) {
      return new Answer(0, e.getMessage(), api.healthUris().get(0));
    }
    Answer a = null;
    for (URI uri : api.healthUris()) {
      a = ask(api, client, uri, userAgent);
      if (a.status() != 404) {
        return a;
      }
    }
    return a;
  }

  private static Answer ask(ApiSettings api, HttpClient client, URI uri, String ua) {
    HttpRequest req;
    try {
      req =
          HttpRequest.newBuilder(uri)
              .timeout(api.timeout())
              .header("x-api-key", api.apiKey())
              .header("User-Agent", ua)
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      return new Answer(0, "the API key cannot be sent in an HTTP header", uri);
    }
    long wait = api.timeout().toMillis() * 2 + 1000;
    try {
      HttpResponse<BoundedBody.Head> r =
          client.sendAsync(req, BoundedBody.handler(4096)).get(wait, TimeUnit.MILLISECONDS);
      return new Answer(
          r.statusCode(),
          Acknowledgement.text(r.body().bytes(), r.body().cut(), 120),
          uri,
          RateLimit.of(r.headers()));
    } catch (TimeoutException e) {
      return new Answer(0, "no answer within " + wait + " ms", uri);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      return new Answer(
          0,
          c.getClass().getSimpleName()
              + (c.getMessage() == null ? "" : ": " + Text.oneLine(c.getMessage(), 200)),
          uri);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "interrupted", uri);
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
