package io.vicisync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
  final Backoff backoff =
      new Backoff(Duration.ofSeconds(1), RandomGenerator.of("L64X128MixRandom"));

  @Test
  void delaysGrowExponentiallyWithJitterUpToTheCap() {
    for (int retry = 1; retry <= 10; retry++) {
      long full = Math.min(Backoff.CAP.toMillis(), 1000L << (retry - 1));
      assertThat(backoff.delay(retry, Optional.empty()).toMillis()).isBetween(full / 2, full);
    }
  }

  @Test
  void retryAfterIsAFloor() {
    assertThat(backoff.delay(1, Optional.of(Duration.ofMinutes(2))))
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void retryAfterInSecondsOrAsAnHttpDate() {
    HttpHeaders secs = HttpHeaders.of(Map.of("Retry-After", List.of("30")), (a, b) -> true);
    HttpHeaders date =
        HttpHeaders.of(
            Map.of("Retry-After", List.of("Wed, 21 Oct 2015 07:28:00 GMT")), (a, b) -> true);
    assertThat(Backoff.retryAfter(secs, 0)).contains(Duration.ofSeconds(30));
    assertThat(Backoff.retryAfter(date, 1445412420000L)).contains(Duration.ofSeconds(60));
  }
}
