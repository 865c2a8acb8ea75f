package io.vicisync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.sink.PostResult.Outcome;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** What each answer makes the poster do: deliver, refuse, stop, or retry and when. */
class StepTest {
  private static final long NOW = 1_800_000_000_000L;
  private final Backoff backoff =
      new Backoff(Duration.ofSeconds(1), RandomGenerator.of("L64X128MixRandom"));

  private Step step(int status, String body, Map<String, List<String>> headers, int retry) {
    return Step.of(
        status,
        HttpHeaders.of(headers, (a, b) -> true),
        new BoundedBody.Head(body.getBytes(StandardCharsets.UTF_8), false),
        retry,
        backoff,
        NOW);
  }

  @Test
  void theApisAcknowledgementOr409IsADelivery() {
    assertThat(step(200, "{\"success\":true}", Map.of(), 0).result().outcome())
        .isEqualTo(Outcome.DELIVERED);
    assertThat(step(409, "{\"error\":\"dup\"}", Map.of(), 0).result().outcome())
        .isEqualTo(Outcome.DELIVERED);
    assertThat(step(409, "{\"success\":false}", Map.of(), 0).result().outcome())
        .as("a proxy answering 409 to everything")
        .isEqualTo(Outcome.NOT_ACKNOWLEDGED);
    assertThat(step(409, "<html><body>Conflict</body></html>", Map.of(), 0).result().outcome())
        .isEqualTo(Outcome.NOT_THE_API);
    assertThat(step(200, "<html>", Map.of(), 0).result().outcome()).isEqualTo(Outcome.NOT_THE_API);
    assertThat(step(204, "", Map.of(), 0).result().outcome()).isEqualTo(Outcome.NOT_ACKNOWLEDGED);
  }

  @Test
  void refusalsAndWrongPlacesAreFinalNotRetried() {
    for (int s : new int[] {400, 413, 422}) {
      assertThat(step(s, "{}", Map.of(), 0).retryIn()).isNull();
      assertThat(step(s, "{}", Map.of(), 0).result().outcome()).isEqualTo(Outcome.REFUSED);
    }
    assertThat(step(401, "", Map.of(), 0).result().outcome()).isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(step(404, "", Map.of(), 0).result().outcome()).isEqualTo(Outcome.WRONG_URL);
    Step moved = step(308, "", Map.of("Location", List.of("https://did.example.com/x")), 0);
    assertThat(moved.retryIn()).isNull();
    assertThat(moved.result().outcome()).isEqualTo(Outcome.REDIRECTED);
    assertThat(moved.result().answer()).contains("https://did.example.com/x");
  }

  @Test
  void serverErrorsAreRetriedWithGrowingJitteredDelays() {
    Step first = step(503, "busy", Map.of(), 0);
    Step third = step(503, "busy", Map.of(), 2);
    assertThat(first.retryIn()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(third.retryIn()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(first.rateLimited()).isFalse();
    assertThat(step(503, "busy", Map.of(), 30).retryIn()).isLessThanOrEqualTo(Backoff.CAP);
  }

  @Test
  void aRateLimitWithRetryAfterHoldsEveryPostAndSaysWhenToComeBack() {
    Step limited = step(429, "{}", Map.of("Retry-After", List.of("900")), 0);
    assertThat(limited.rateLimited()).isTrue();
    assertThat(limited.retryIn()).isGreaterThanOrEqualTo(Duration.ofMinutes(15));
    assertThat(limited.comeBackAtMillis()).isEqualTo(NOW + 900_000);
    Step bare = step(429, "{}", Map.of(), 0);
    assertThat(bare.rateLimited()).isTrue();
    assertThat(bare.comeBackAtMillis()).as("no Retry-After: nothing to remember").isZero();
  }
}
