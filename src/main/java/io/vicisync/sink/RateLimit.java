package io.vicisync.sink;

import java.net.http.HttpHeaders;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The receiver's rate limit, as its answers advertise it: express-rate-limit's legacy {@code
 * X-RateLimit-Limit}, {@code -Remaining}, {@code -Reset} (the DID Optimizer's server sends these)
 * or the IETF draft's {@code RateLimit-Limit}, {@code -Remaining} and {@code RateLimit-Policy:
 * 100;w=900}. Only digits are read, nine at most: a header can say anything.
 *
 * @param limit posts a window allows
 * @param remaining posts left in the current window; -1 when not said
 * @param windowSeconds the window's length; {@link #DEFAULT_WINDOW} when not advertised
 * @param windowAdvertised whether the receiver said the window's length
 */
public record RateLimit(int limit, int remaining, long windowSeconds, boolean windowAdvertised) {
  /** The DID Optimizer's server's window when RATE_LIMIT_WINDOW_MS is not set: 15 minutes. */
  public static final long DEFAULT_WINDOW = 900;

  private static final Pattern NUMBER = Pattern.compile("^\\s*(\\d{1,9})");
  private static final Pattern WINDOW = Pattern.compile(";\\s*w\\s*=\\s*(\\d{1,9})");

  /** What {@code headers} advertise; empty when they name no limit. */
  public static Optional<RateLimit> of(HttpHeaders headers) {
    Optional<Integer> limit = number(headers, "X-RateLimit-Limit", "RateLimit-Limit");
    if (limit.isEmpty() || limit.get() <= 0) {
      return Optional.empty();
    }
    int remaining = number(headers, "X-RateLimit-Remaining", "RateLimit-Remaining").orElse(-1);
    Optional<Long> window =
        headers
            .firstValue("RateLimit-Policy")
            .map(WINDOW::matcher)
            .filter(Matcher::find)
            .map(m -> Long.parseLong(m.group(1)))
            .filter(w -> w > 0);
    return Optional.of(
        new RateLimit(limit.get(), remaining, window.orElse(DEFAULT_WINDOW), window.isPresent()));
  }

  private static Optional<Integer> number(HttpHeaders headers, String legacy, String draft) {
    return headers
        .firstValue(legacy)
        .or(() -> headers.firstValue(draft))
        .map(NUMBER::matcher)
        .filter(Matcher::find)
        .map(m -> Integer.parseInt(m.group(1)));
  }

  /** "100 posts per 15 min", as doctor and status say it. */
  public String describe() {
    return limit + " posts per " + span(windowSeconds);
  }

  /** A window's length as "15 min", "1 h" or "90 s". */
  public static String span(long w) {
    return w % 3600 == 0 ? w / 3600 + " h" : w % 60 == 0 ? w / 60 + " min" : w + " s";
  }
}
