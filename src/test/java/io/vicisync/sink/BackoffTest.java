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

  @Test
  void anAbsurdRetryAfterIsADayNotAnOverflow() {
    for (String v :
        List.of("9223372036854775807", "99999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT")) {
      HttpHeaders h = HttpHeaders.of(Map.of("Retry-After", List.of(v)), (a, b) -> true);
      Optional<Duration> d = Backoff.retryAfter(h, 1_800_000_000_000L);
      if (!v.startsWith("999")) {
        assertThat(d).as(v).contains(Duration.ofDays(1));
      }
      // what a run computes with it: the delay, the wake-up time in nanos and millis
      Duration delay = backoff.delay(1, d);
      assertThat(System.nanoTime() + delay.toNanos()).isNotNegative();
      assertThat(1_800_000_000_000L + delay.toMillis()).isPositive();
    }
  }
}
