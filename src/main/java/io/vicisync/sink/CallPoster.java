package io.vicisync.sink;

import io.vicisync.Deadline;
import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.config.ApiSettings;
import io.vicisync.config.Secrets;
import io.vicisync.sink.PostResult.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLHandshakeException;

/**
 * Posts calls to {@code POST /api/v1/call-results} over kept-alive connections. The caller bounds
 * how many are in flight; this class retries what may succeed later, with backoff, and says why
 * when it gives up. It never decides to skip a call: that is the engine's business.
 */
public final class CallPoster implements Sender {
  /** Of an answer, this much is kept for the dead letters and the log; the rest is not read. */
  private static final int ANSWER_KEPT = 64 * 1024;

  private final ApiSettings api;
  private final Duration wait;
  private final AtomicLong slowestAnswerNanos = new AtomicLong();
  private final AtomicBoolean unanswered = new AtomicBoolean();
  private volatile HttpClient client;
  private final String userAgent;
  private final Backoff backoff;
  private final Deadline deadline;
  private final long rateIntervalNanos;
  private final int maxInFlight;
  private final AtomicLong nextSlotNanos = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong pausedUntilNanos = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong rateLimitedUntilMillis = new AtomicLong();

  /**
   * Posts the receiver's advertised limit still allows in its window; {@code Integer.MAX_VALUE}
   * until an answer advertises a limit. At 0 no post starts before the window's reset: the run
   * stops at the edge of the window instead of earning a 429.
   */
  private final AtomicInteger allowance = new AtomicInteger(Integer.MAX_VALUE);

  /** Posts sent and not answered yet: an answer's Remaining may or may not count them. */
  private final AtomicInteger underWay = new AtomicInteger();

  private final AtomicLong windowResetMillis = new AtomicLong();
  private volatile RateLimit advertised;
  private final AtomicInteger retries = new AtomicInteger();
  private final ExecutorService workers;
  private volatile boolean halted;

  /**
   * @param wait how long to wait for an answer: {@code api_timeout}, or longer where an earlier run
   *     found the receiver slower than that ({@link Patience})
   * @param maxRate posts per second at most; 0 for no limit
   * @param deadline by which the run must end: no retry waits past it
   */
  public CallPoster(
      ApiSettings api,
      Duration wait,
      int maxInFlight,
      double maxRate,
      Deadline deadline,
      String userAgent) {
    this.api = api;
    this.wait = wait.compareTo(api.timeout()) > 0 ? wait : api.timeout();
    this.userAgent = userAgent;
    this.deadline = deadline;
    this.rateIntervalNanos = maxRate > 0 ? (long) (1e9 / maxRate) : 0;
    this.maxInFlight = maxInFlight;
    this.backoff = new Backoff(api.retryDelay(), RandomGenerator.getDefault());
    checkHeaders(api, userAgent);
    if (api.caFile() != null) {
      HttpClients.trusting(api.caFile()); // a bad CA file is the configuration's fault: say so now
    }
    // Blocking sends on our own workers: sendAsync hands every response to CompletableFuture's
    // default pool, which on a machine with two cores or fewer starts a new thread per post.
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            maxInFlight,
            r -> {
              Thread t = new Thread(r, "vicisync-post-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** A key that cannot go in a header would fail every post: that is the configuration's fault. */
  private static void checkHeaders(ApiSettings api, String userAgent) {
    if (!headerValue(api.apiKey()) || !headerValue(userAgent)) {
      throw VicisyncException.config(
          "api_key ("
              + Secrets.mask(api.apiKey())
              + ") holds a character that cannot be sent in an HTTP header (a space, a control"
              + " character or a non-ASCII one pasted with it): set it again in dids.conf or $API_KEY");
    }
  }

  /**
   * What the JDK's HTTP client takes as a header value (field-vchar, space and tab; no control
   * character, nothing past Latin-1), checked here without building a request: most of cron's runs
   * post nothing, and the client's classes are not worth loading for them.
   */
  static boolean headerValue(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c > 0xff || c == 0x7f || (c < 0x20 && c != '\t')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Made on the first post: most of cron's minute runs post nothing, and starting an HttpClient
   * (its selector thread, TLS set-up) is a tenth of a second of CPU on the dialer.
   */
  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = HttpClients.build(api);
          client = c;
        }
      }
    }
    return c;
  }

  /** Where calls are posted. */
  @Override
  public URI uri() {
    return api.callResultsUri();
  }

  /** Total retries so far, for the run summary. */
  @Override
  public int retries() {
    return retries.get();
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }

  /** Stops starting attempts; posts waiting for a retry end as GAVE_UP. */
  @Override
  public void halt() {
    halted = true;
  }

  @Override
  public void resume() {
    halted = false;
  }

  /**
   * Waits for {@code post} within {@link #longestPost()}; a post that outlives its own bound is
   * reported as given up, so no caller waits forever.
   */
  @Override
  public PostResult await(CompletableFuture<PostResult> post) {
    try {
      return post.get(longestPost().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      halt();
      return new PostResult(
          Outcome.GAVE_UP,
          0,
          "the post did not finish within " + longestPost().toSeconds() + " s",
          0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new PostResult(Outcome.GAVE_UP, 0, "interrupted", 0);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      return new PostResult(
          Outcome.GAVE_UP, 0, "failed: " + Text.oneLine(String.valueOf(e.getCause()), 200), 0);
    }
  }

  /** Posts on one of the --max-in-flight workers; the future settles after any retries. */
  @Override
  public CompletableFuture<PostResult> post(Outgoing o) {
    // the window's allowance is taken here, in the order the calls are handed over (oldest
    // first): taken on the workers, a newer call could take the window's last post from an older
    if (!spend()) {
      return CompletableFuture.completedFuture(
          new PostResult(Outcome.GAVE_UP, 0, windowSpent(), 0));
    }
    return CompletableFuture.supplyAsync(() -> deliver(o), workers);
  }

  /** Posts {@code o}, its first attempt's allowance taken by {@link #post}. */
  private PostResult deliver(Outgoing o) {
    HttpRequest req;
    try {
      req = request(o);
    } catch (IllegalArgumentException | IllegalStateException e) {
      unspend();
      // a row that cannot become a request never will: refuse it, never stop the run on it
      // the exception's message may quote a header's value: never repeat it
      return new PostResult(
          Outcome.REFUSED,
          0,
          "cannot be sent as an HTTP request (" + e.getClass().getSimpleName() + ")",
          0);
    }
    for (int retry = 0; ; retry++) {
      if (!sleepUntil(reserveSlot(), false)) {
        if (retry == 0) {
          unspend();
        }
        return new PostResult(Outcome.GAVE_UP, 0, "run stopping", retry);
      }
      if (retry > 0 && !spend()) {
        return new PostResult(Outcome.GAVE_UP, 0, windowSpent(), retry);
      }
      Step step;
      long t0 = System.nanoTime();
      try {
        HttpResponse<BoundedBody.Head> resp = send(req);
        slowestAnswerNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
        allowanceFrom(resp, System.currentTimeMillis());
        step = fromResponse(resp, retry);
      } catch (IOException e) {
        step = fromError(e, retry);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new PostResult(Outcome.GAVE_UP, 0, "interrupted", retry);
      } finally {
        underWay.decrementAndGet();
      }
      if (step.retryIn() == null) {
        return step.result();
      }
      PostResult last = step.result();
      if (retry >= api.retryCount()) {
        return new PostResult(
            Outcome.GAVE_UP,
            last.status(),
            describe(last) + " after " + (retry + 1) + " attempts",
            retry);
      }
      if (step.rateLimited() && step.retryIn().compareTo(Backoff.CAP) > 0) {
        return new PostResult(Outcome.GAVE_UP, last.status(), rateLimited(step), retry);
      }
      if (System.nanoTime() + step.retryIn().toNanos() - deadline.nanos() > 0) {
        return new PostResult(Outcome.GAVE_UP, last.status(), pastDeadline(step), retry);
      }
      retries.incrementAndGet();
      if (!sleepUntil(System.nanoTime() + step.retryIn().toNanos(), true)) {
        return new PostResult(Outcome.GAVE_UP, last.status(), "run stopping", retry);
      }
    }
  }

  private HttpRequest request(Outgoing o) {
    return HttpRequest.newBuilder(api.callResultsUri())
        .timeout(wait)
        .header("Content-Type", "application/json")
        .header("x-api-key", api.apiKey())
        .header("User-Agent", userAgent)
        .header("Idempotency-Key", o.idempotencyKey())
        .POST(HttpRequest.BodyPublishers.ofByteArray(o.json()))
        .build();
  }

  /**
   * One attempt, bounded as a whole: the request timeout covers only the wait for the headers, so a
   * receiver that sends them and then trickles a body would hold the run and its lock.
   */
  private HttpResponse<BoundedBody.Head> send(HttpRequest req)
      throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<BoundedBody.Head>> f =
        client().sendAsync(req, BoundedBody.handler(ANSWER_KEPT));
    try {
      return f.get(attemptLimit().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new HttpTimeoutException(
          "no complete answer within " + attemptLimit().toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    }
  }

  /** The longest one attempt may take: the headers within the timeout, the body soon after. */
  @Override
  public Duration attemptLimit() {
    return wait.multipliedBy(2).plusSeconds(1);
  }

  /**
   * The longest a post may take with all its retries, so that whoever waits for one has a deadline
   * too: every attempt, and the longest pause between two.
   */
  @Override
  public Duration longestPost() {
    return attemptLimit()
        .multipliedBy(api.retryCount() + 1L)
        .plus(Backoff.CAP.multipliedBy(api.retryCount()))
        .plusNanos(rateIntervalNanos * maxInFlight * (api.retryCount() + 1L));
  }

  @Override
  public Optional<Duration> patience() {
    if (unanswered.get()) {
      return Optional.of(Patience.longer(wait, api.timeout()));
    }
    long slowest = slowestAnswerNanos.get();
    if (slowest > 0 && slowest < api.timeout().toNanos()) {
      return Optional.of(api.timeout()); // every answer came within api_timeout: fast again
    }
    return Optional.empty();
  }

  /** When the receiver's rate limiter said to come back, if it did; else 0 (epoch millis). */
  @Override
  public long rateLimitedUntilMillis() {
    return rateLimitedUntilMillis.get();
  }

  /** When this attempt may start: after any pause a 429 asked for, and at the --max-rate pace. */
  private long reserveSlot() {
    long earliest = Math.max(System.nanoTime(), pausedUntilNanos.get());
    if (rateIntervalNanos == 0) {
      return earliest;
    }
    while (true) {
      long next = nextSlotNanos.get();
      long slot = Math.max(earliest, next);
      if (nextSlotNanos.compareAndSet(next, slot + rateIntervalNanos)) {
        return slot;
      }
    }
  }

  /** Sleeps until {@code nanoTime}; false if the run is stopping meanwhile. */
  /** {@code retry}: a stop signal expires the deadline, and a wait to retry ends with it. */
  private boolean sleepUntil(long nanoTime, boolean retry) {
    long left;
    while (!halted && !(retry && deadline.passed()) && (left = nanoTime - System.nanoTime()) > 0) {
      try {
        Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return !halted && !(retry && deadline.passed());
  }

  private String pastDeadline(Step step) {
    return step.rateLimited()
        ? rateLimited(step)
        : describe(step.result()) + "; the next retry would pass this run's --max-run-time";
  }

  private static String rateLimited(Step step) {
    return "receiver is rate-limiting (HTTP 429) and accepts posts again at "
        + LocalTime.now(ZoneId.systemDefault()).plus(step.retryIn()).truncatedTo(ChronoUnit.SECONDS)
        + " (in "
        + step.retryIn().toSeconds()
        + " s); the DID Optimizer allows 100 posts per 15 minutes to"
        + " a server it has not whitelisted: whitelist this server's IP address there";
  }

  /**
   * Takes one post of the advertised window's allowance; false when it is spent. The post counts as
   * under way first, so an answer read meanwhile never gives its place to another: the allowance
   * errs low (a few posts left to the next window), never into a 429.
   */
  private boolean spend() {
    underWay.incrementAndGet();
    if (allowance.getAndDecrement() <= 0 && windowResetMillis.get() > System.currentTimeMillis()) {
      allowance.incrementAndGet();
      underWay.decrementAndGet();
      rateLimitedUntilMillis.accumulateAndGet(windowResetMillis.get(), Math::max);
      return false;
    }
    return true;
  }

  /** Gives back a post {@link #spend} took and that was never sent. */
  private void unspend() {
    underWay.decrementAndGet();
    allowance.incrementAndGet();
  }

  /**
   * What an answer's limiter headers say is left, less every other post under way (the receiver may
   * not have counted them yet).
   */
  private void allowanceFrom(HttpResponse<BoundedBody.Head> resp, long nowMillis) {
    Optional<RateLimit> rl = RateLimit.of(resp.headers());
    if (rl.isEmpty() || rl.get().remaining() < 0) {
      return;
    }
    advertised = rl.get();
    long reset =
        resp.headers()
            .firstValue("X-RateLimit-Reset")
            .filter(v -> v.strip().matches("\\d{9,11}"))
            .map(v -> Long.parseLong(v.strip()) * 1000)
            .or(
                () ->
                    resp.headers()
                        .firstValue("RateLimit-Reset")
                        .filter(v -> v.strip().matches("\\d{1,6}"))
                        .map(v -> nowMillis + Long.parseLong(v.strip()) * 1000))
            .orElse(nowMillis + rl.get().windowSeconds() * 1000);
    reset = Math.min(reset, nowMillis + 86_400_000L);
    synchronized (allowance) {
      // within one window Remaining only falls: an answer read late (a post the receiver counted
      // early) must not raise it again
      int left = rl.get().remaining();
      if (reset == windowResetMillis.get()) {
        left = Math.min(left, lowestRemaining);
      }
      lowestRemaining = left;
      windowResetMillis.set(reset);
      allowance.set(left - Math.max(0, underWay.get() - 1));
    }
  }

  /** The lowest Remaining answered in the current window. */
  private int lowestRemaining = Integer.MAX_VALUE;

  private String windowSpent() {
    RateLimit rl = advertised;
    return "the receiver's rate limit ("
        + (rl == null ? "its window" : rl.describe())
        + ") is spent until "
        + Instant.ofEpochMilli(windowResetMillis.get())
            .atZone(ZoneId.systemDefault())
            .toLocalTime()
            .truncatedTo(ChronoUnit.SECONDS)
        + ": posting stops there rather than earn a 429, and resumes then; whitelist this"
        + " server's address in the DID Optimizer, or raise its RATE_LIMIT_MAX_REQUESTS"
        + " (vicisync doctor compares it with this dialer's busiest window)";
  }

  private Step fromResponse(HttpResponse<BoundedBody.Head> resp, int retry) {
    long nowMillis = System.currentTimeMillis();
    Step step = Step.of(resp.statusCode(), resp.headers(), resp.body(), retry, backoff, nowMillis);
    if (step.rateLimited()) {
      // the limiter is the receiver's, shared by every post: hold them all back
      pausedUntilNanos.accumulateAndGet(System.nanoTime() + step.retryIn().toNanos(), Math::max);
      if (step.comeBackAtMillis() > 0) {
        rateLimitedUntilMillis.accumulateAndGet(step.comeBackAtMillis(), Math::max);
      }
    }
    return step;
  }

  private Step fromError(IOException cause, int retry) {
    if (cause instanceof SSLHandshakeException) {
      return done(
          Outcome.TLS_FAILED, 0, Text.oneLine(String.valueOf(cause.getMessage()), 200), retry);
    }
    String detail =
        Text.oneLine(
            cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
            200);
    if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
      // nothing reached the receiver: safe to try again
      return new Step(
          new PostResult(Outcome.GAVE_UP, 0, "connection failed: " + detail, retry),
          backoff.delay(retry + 1, Optional.empty()),
          false,
          0);
    }
    // the call went out and no answer came: the receiver may have stored it, and a retry now
    // would be a second call there
    String why;
    if (cause instanceof HttpTimeoutException) {
      unanswered.set(true);
      Duration next = Patience.longer(wait, api.timeout());
      why =
          "no answer within "
              + wait.toMillis()
              + " ms: the receiver is slower than api_timeout ("
              + api.timeout().toMillis()
              + " ms); it may have stored the call, so it is not posted again in this run,"
              + " and the next run waits up to "
              + next.toSeconds()
              + " s";
    } else {
      if (retry == 0) {
        // most often a kept-alive connection the receiver (or a proxy) closed as the call went
        // out, never read: one more attempt, on a new connection. A second break is no race.
        return new Step(
            new PostResult(Outcome.GAVE_UP, 0, "connection broke: " + detail, retry),
            backoff.delay(1, Optional.empty()),
            false,
            0);
      }
      why =
          "the connection broke after the call was sent, twice ("
              + detail
              + "); the receiver may have stored it, so it is not posted again in this run";
    }
    return done(Outcome.UNANSWERED, 0, why, retry);
  }

  private static String describe(PostResult r) {
    return r.status() == 0 ? r.answer() : "HTTP " + r.status() + " " + r.answer();
  }

  private static Step done(Outcome outcome, int status, String answer, int retry) {
    return Step.done(outcome, status, answer, retry);
  }
}
