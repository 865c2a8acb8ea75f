package io.vicisync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP server on loopback standing in for the DID Optimizer, behaving as its published
 * handler does (server-full.js, POST /api/v1/call-results): it checks the key, requires uniqueid,
 * phoneNumber and campaignId, stores every accepted post as a new record (its "update by uniqueid"
 * path never matches, and Idempotency-Key is ignored), derives the call's result from dialStatus or
 * else the disposition, and counts the call against the DID whose stored number ends with
 * phoneNumber's digits, if 10 or more.
 */
public final class Receiver implements AutoCloseable {
  public static final String KEY = "test-key-123";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to answer to the n-th request (0-based), before the normal handling; null = normal. */
  public interface Script {
    Reply reply(int n, JsonNode body);
  }

  public record Reply(int status, String body, Map<String, String> headers) {}

  /** One accepted post. */
  public record Post(
      String uniqueid, String disposition, JsonNode body, Map<String, String> headers) {}

  /** One DID's statistics as the optimizer keeps them (usage.totalCalls, metrics.total*). */
  public static final class DidStats {
    public int totalCalls;
    public int answered;
    public int busy;
    public int failed;
    public int dropped;

    @Override
    public String toString() {
      return totalCalls
          + " calls: "
          + answered
          + " answered, "
          + busy
          + " busy, "
          + failed
          + " failed, "
          + dropped
          + " dropped";
    }
  }

  private final Map<String, DidStats> dids = new LinkedHashMap<>();
  private HttpServer server;
  private volatile String key = KEY;
  private final boolean tls;
  private final List<Post> accepted = new ArrayList<>();
  private final Map<String, Integer> leanCounts = new HashMap<>();
  private final Map<String, Long> firstArrival = new HashMap<>();
  private volatile boolean lean;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Script script = (n, b) -> null;
  private volatile long delayMillis;
  private final AtomicInteger dropsLeft = new AtomicInteger();
  private final AtomicInteger healthChecks = new AtomicInteger();

  public Receiver() throws IOException {
    this(null);
  }

  /** An https receiver when {@code tls} is given (its certificate, e.g. from a private CA). */
  public Receiver(SSLContext tls) throws IOException {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK and every answer stalls ~40 ms; the real receiver (Node.js) sets no-delay.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.tls = tls != null;
    if (tls != null) {
      HttpsServer https =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    } else {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    }
    server.createContext("/api/v1/call-results", this::handle);
    routes(server);
    server.setExecutor(Executors.newFixedThreadPool(64));
    server.start();
  }

  public String url() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /** From now on, only {@code k} is accepted (a key rotated at the receiver). */
  public void key(String k) {
    key = k;
  }

  /** Stops listening: connections are refused, as when the receiver's host is down. */
  public synchronized void down() {
    server.stop(0);
  }

  /** Listens again on the same port. */
  public synchronized void up() throws IOException {
    int port = server.getAddress().getPort();
    Executor executor = server.getExecutor();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
    server.createContext("/api/v1/call-results", this::handle);
    routes(server);
    server.setExecutor(executor);
    server.start();
  }

  /** The DIDs the optimizer knows, as its numbers are stored (any format, e.g. "+12125550101"). */
  public synchronized void dids(String... stored) {
    for (String d : stored) {
      dids.put(d, new DidStats());
    }
  }

  /** What the optimizer counted for the DID stored as {@code stored}. */
  public synchronized DidStats did(String stored) {
    return dids.get(stored);
  }

  /**
   * The result the optimizer stores for a call: from dialStatus when present, else the disposition.
   */
  static String result(JsonNode body) {
    String ds = body.path("dialStatus").asText("");
    if (!ds.isEmpty()) {
      return switch (ds.toUpperCase(Locale.ROOT)) {
        case "ANSWER" -> "answered";
        case "BUSY" -> "busy";
        case "NOANSWER", "NO ANSWER", "CANCEL" -> "no_answer";
        case "CONGESTION", "CHANUNAVAIL" -> "failed";
        default -> "no_answer";
      };
    }
    return switch (body.path("disposition").asText("")) {
      case "SALE", "A" -> "answered";
      case "DNC", "B", "CB", "NA", "NO", "N", "NI" -> "no_answer";
      case "BUSY" -> "busy";
      case "DROP", "AMD" -> "dropped";
      default -> "failed";
    };
  }

  /**
   * DID.findOneAndUpdate({phoneNumber: /digits$/}, {$inc: …}): the first DID that ends with them.
   */
  private void count(JsonNode body) {
    String digits = body.get("phoneNumber").asText().replaceAll("\\D", "");
    if (digits.length() < 10) {
      return;
    }
    for (Map.Entry<String, DidStats> d : dids.entrySet()) {
      if (d.getKey().endsWith(digits)) {
        DidStats st = d.getValue();
        st.totalCalls++;
        switch (result(body)) {
          case "answered" -> st.answered++;
          case "busy" -> st.busy++;
          case "failed" -> st.failed++;
          case "dropped" -> st.dropped++;
          default -> {}
        }
        return;
      }
    }
  }

  public void script(Script s) {
    script = s;
  }

  /** Each post is handled (and stored) after {@code millis}: a receiver slower than that. */
  public void delay(long millis) {
    delayMillis = millis;
  }

  /**
   * The next {@code n} posts are stored and then their connections closed without an answer, as a
   * receiver that crashes or a proxy that resets after the request was read.
   */
  public void storeThenDrop(int n) {
    dropsLeft.set(n);
  }

  /** For millions of posts: keep only how often each uniqueid was accepted, not the bodies. */
  public void lean() {
    lean = true;
  }

  public int requests() {
    return requests.get();
  }

  public synchronized List<Post> posts() {
    return new ArrayList<>(accepted);
  }

  /** The body of the first post of {@code uniqueid} accepted; fails the test when none was. */
  public synchronized JsonNode first(String uniqueid) {
    return accepted.stream()
        .filter(p -> p.uniqueid().equals(uniqueid))
        .findFirst()
        .orElseThrow(() -> new AssertionError(uniqueid + " did not arrive"))
        .body();
  }

  /** When each uniqueid was first accepted, in epoch milliseconds (for latency figures). */
  public synchronized Map<String, Long> arrivals() {
    return new HashMap<>(firstArrival);
  }

  /** How often each uniqueid was accepted. */
  public synchronized Map<String, Integer> countByUniqueid() {
    if (lean) {
      return new HashMap<>(leanCounts);
    }
    Map<String, Integer> m = new TreeMap<>();
    accepted.forEach(p -> m.merge(p.uniqueid(), 1, Integer::sum));
    return m;
  }

  /**
   * The DID Optimizer's published server's routes (server-full.js): GET /api/health with the key;
   * any other /api/ path is 404 "Route not found", /api/v1/health included, unless {@link
   * #healthAtV1} makes it the first version's documented health route.
   */
  private void routes(HttpServer s) {
    s.createContext("/api/", this::route);
  }

  private volatile int rateMax;
  private final AtomicInteger rateUsed = new AtomicInteger();
  private volatile long rateResetEpoch;

  /**
   * From now on every /api/ answer carries the DID Optimizer's limiter headers (express-rate-limit,
   * legacy: X-RateLimit-Limit, -Remaining, -Reset), and the request past {@code max} in its
   * 15-minute window gets 429, as a server that has not whitelisted the sender answers.
   */
  public void rateLimit(int max) {
    rateUsed.set(0);
    rateResetEpoch = System.currentTimeMillis() / 1000 + 900;
    rateMax = max;
  }

  /** How many requests the limit refused (429). */
  public int refusedByLimit() {
    return Math.max(0, rateUsed.get() - rateMax);
  }

  /** Counts a request against the limit and says so in its headers; true when it is refused. */
  private boolean limited(HttpExchange ex) throws IOException {
    if (rateMax <= 0) {
      return false;
    }
    int used = rateUsed.incrementAndGet();
    var h = ex.getResponseHeaders();
    h.add("X-RateLimit-Limit", Integer.toString(rateMax));
    h.add("X-RateLimit-Remaining", Integer.toString(Math.max(0, rateMax - used)));
    h.add("X-RateLimit-Reset", Long.toString(rateResetEpoch));
    if (used <= rateMax) {
      return false;
    }
    h.add(
        "Retry-After",
        Long.toString(Math.max(1, rateResetEpoch - System.currentTimeMillis() / 1000)));
    byte[] out =
        "Too many requests from this IP, please try again later.".getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(429, out.length);
    ex.getResponseBody().write(out);
    ex.close();
    return true;
  }

  private void route(HttpExchange ex) throws IOException {
    if (limited(ex)) {
      return;
    }
    if (ex.getRequestURI().getPath().equals(healthAtV1 ? "/api/v1/health" : "/api/health")) {
      health(ex);
      return;
    }
    try (ex) {
      byte[] out =
          "{\"success\":false,\"error\":\"Route not found\"}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(404, out.length);
      ex.getResponseBody().write(out);
    }
  }

  private volatile boolean healthAtV1;

  /** Answers health at /api/v1/health only (not /api/health), as the seeds describe it. */
  public void healthAtV1() {
    healthAtV1 = true;
  }

  /** GET /api/health: 200 with the right key, 401 without, as the DID Optimizer answers. */
  private void health(HttpExchange ex) throws IOException {
    try (ex) {
      healthChecks.incrementAndGet();
      boolean ok = key.equals(ex.getRequestHeaders().getFirst("x-api-key"));
      byte[] out =
          (ok
                  ? "{\"status\":\"healthy\"}"
                  : "{\"success\":false,\"error\":" + "\"Invalid API key\"}")
              .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(ok ? 200 : 401, out.length);
      ex.getResponseBody().write(out);
    }
  }

  /** How many health checks arrived. */
  public int healthChecks() {
    return healthChecks.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    if (limited(ex)) {
      return;
    }
    try (ex) {
      int n = requests.getAndIncrement();
      byte[] raw = ex.getRequestBody().readAllBytes();
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      JsonNode body = JSON.readTree(raw);
      Reply r = script.reply(n, body);
      if (r == null) {
        r = normal(ex, body);
        if (dropsLeft.getAndUpdate(d -> Math.max(0, d - 1)) > 0) {
          return; // closed without response headers: the server drops the connection
        }
        if (r.status() == 200) {
          synchronized (this) {
            firstArrival.putIfAbsent(body.path("uniqueid").asText(), System.currentTimeMillis());
          }
        }
      }
      r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(r.status(), out.length);
      ex.getResponseBody().write(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Reply normal(HttpExchange ex, JsonNode body) {
    if (!key.equals(ex.getRequestHeaders().getFirst("x-api-key"))) {
      return new Reply(401, "{\"success\":false,\"error\":\"Invalid API key\"}", Map.of());
    }
    for (String f : List.of("uniqueid", "phoneNumber", "campaignId")) {
      if (!body.hasNonNull(f) || body.get(f).asText().isEmpty()) {
        return new Reply(
            400, "{\"success\":false,\"error\":\"Missing required field: " + f + "\"}", Map.of());
      }
    }
    if (lean) {
      synchronized (this) {
        leanCounts.merge(body.get("uniqueid").asText(), 1, Integer::sum);
      }
      return new Reply(200, "{\"success\":true}", Map.of());
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
    int record;
    synchronized (this) {
      accepted.add(
          new Post(
              body.get("uniqueid").asText(), body.path("disposition").asText(null), body, headers));
      record = accepted.size();
      count(body);
    }
    return new Reply(
        200,
        "{\"success\":true,\"message\":\"Call result recorded\",\"data\":{\"recordId\":\""
            + record
            + "\"}}",
        Map.of());
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
