package io.vicisync.sink;

import io.vicisync.Text;
import io.vicisync.sink.PostResult.Outcome;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;

/**
 * What one answer means: a result, or a reason to try again after {@code retryIn}. Decided here,
 * from the status, headers and the kept part of the body alone, so that it is tested without a
 * network.
 *
 * @param rateLimited a 429: every post should wait, not just this one
 * @param comeBackAtMillis when the receiver's Retry-After says to come back; 0 if it did not say
 */
record Step(PostResult result, Duration retryIn, boolean rateLimited, long comeBackAtMillis) {
  /** Of an answer, this much is quoted in dead letters and the log. */
  static final int ANSWER_MAX = 500;

  static Step done(Outcome outcome, int status, String answer, int retry) {
    return new Step(new PostResult(outcome, status, answer, retry), null, false, 0);
  }

  /** The answer with {@code status} to attempt number {@code retry} (0 for the first). */
  static Step of(
      int status,
      HttpHeaders headers,
      BoundedBody.Head body,
      int retry,
      Backoff backoff,
      long nowMillis) {
    String answer = Acknowledgement.text(body.bytes(), body.cut(), ANSWER_MAX);
    if (status / 100 == 2) {
      return done(Acknowledgement.of(headers, body.bytes(), body.cut()), status, answer, retry);
    }
    if (status == 409) {
      return done(
          Acknowledgement.ofConflict(headers, body.bytes(), body.cut()), status, answer, retry);
    }
    if (status / 100 == 3) {
      return done(
          Outcome.REDIRECTED,
          status,
          headers
              .firstValue("Location")
              .map(l -> "Location: " + Text.oneLine(l, 200))
              .orElse("no Location header"),
          retry);
    }
    switch (status) {
      case 400, 413, 422:
        return done(Outcome.REFUSED, status, answer, retry);
      case 401, 403:
        return done(Outcome.UNAUTHORIZED, status, answer, retry);
      case 404, 405:
        return done(Outcome.WRONG_URL, status, answer, retry);
      default:
        break;
    }
    Optional<Duration> after = Backoff.retryAfter(headers, nowMillis);
    Duration delay = backoff.delay(retry + 1, after);
    boolean limited = status == 429;
    return new Step(
        new PostResult(Outcome.GAVE_UP, status, answer, retry),
        delay,
        limited,
        limited ? after.map(d -> nowMillis + d.toMillis()).orElse(0L) : 0);
  }
}
