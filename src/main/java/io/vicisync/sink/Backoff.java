package io.vicisync.sink;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Retry delays: exponential from the base, capped, with jitter so that the posts in flight do not
 * all come back at once; a Retry-After from the receiver is a floor.
 */
public final class Backoff {
  static final Duration CAP = Duration.ofSeconds(60);
  private final Duration base;
  private final RandomGenerator random;

  public Backoff(Duration base, RandomGenerator random) {
    this.base = base;
    this.random = random;
  }

  /** The delay before retry number {@code retry} (1 for the first). */
  public Duration delay(int retry, Optional<Duration> retryAfter) {
    long capped = Math.min(CAP.toMillis(), base.toMillis() << Math.min(20, retry - 1));
    long jittered = capped / 2 + (capped > 1 ? random.nextLong(capped / 2 + 1) : 0);
    long floor = retryAfter.map(Duration::toMillis).orElse(0L);
    return Duration.ofMillis(Math.max(jittered, floor));
  }

  /**
   * The longest Retry-After taken as said: a receiver (or anything in between) can write any number
   * there, and a run must still compute with it. Longer ones are taken as a day.
   */
  static final Duration LONGEST_RETRY_AFTER = Duration.ofDays(1);

  /** Retry-After as seconds or as an HTTP date, relative to {@code nowMillis}, at most a day. */
  public static Optional<Duration> retryAfter(HttpHeaders headers, long nowMillis) {
    return said(headers, nowMillis)
        .map(d -> d.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : d);
  }

  private static Optional<Duration> said(HttpHeaders headers, long nowMillis) {
    Optional<String> v = headers.firstValue("Retry-After").map(String::strip);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      long secs = Long.parseLong(v.get());
      return Optional.of(
          secs > LONGEST_RETRY_AFTER.toSeconds()
              ? LONGEST_RETRY_AFTER.plusSeconds(1)
              : Duration.ofSeconds(Math.max(0, secs)));
    } catch (NumberFormatException notSeconds) {
      try {
        long at =
            ZonedDateTime.parse(v.get(), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant()
                .toEpochMilli();
        return Optional.of(Duration.ofMillis(Math.max(0, at - nowMillis)));
      } catch (DateTimeParseException unreadable) {
        return Optional.empty();
      }
    }
  }
}
