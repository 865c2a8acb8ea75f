package io.vicisync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The receiver's advertised limit, read from whatever its headers say. */
class RateLimitTest {
  private static HttpHeaders headers(Map<String, List<String>> m) {
    return HttpHeaders.of(m, (k, v) -> true);
  }

  @Test
  void theOptimizersLegacyHeadersAndTheDraftsPolicyAreRead() {
    assertThat(
            RateLimit.of(
                headers(
                    Map.of(
                        "X-RateLimit-Limit", List.of("100"),
                        "X-RateLimit-Remaining", List.of("37"),
                        "X-RateLimit-Reset", List.of("1800000900")))))
        .contains(new RateLimit(100, 37, 900, false));
    assertThat(
            RateLimit.of(
                headers(
                    Map.of(
                        "RateLimit-Limit", List.of("500"),
                        "RateLimit-Policy", List.of("500;w=3600")))))
        .contains(new RateLimit(500, -1, 3600, true));
    assertThat(new RateLimit(100, 0, 900, false).describe()).isEqualTo("100 posts per 15 min");
  }

  @Test
  void noLimitAZeroOneOrGarbageIsNoLimit() {
    assertThat(RateLimit.of(headers(Map.of()))).isEmpty();
    assertThat(RateLimit.of(headers(Map.of("X-RateLimit-Limit", List.of("0"))))).isEmpty();
    assertThat(RateLimit.of(headers(Map.of("X-RateLimit-Limit", List.of("lots"))))).isEmpty();
    assertThat(RateLimit.of(headers(Map.of("X-RateLimit-Limit", List.of("99999999999999")))))
        .as("nine digits at most: no overflow")
        .contains(new RateLimit(999_999_999, -1, 900, false));
  }
}
