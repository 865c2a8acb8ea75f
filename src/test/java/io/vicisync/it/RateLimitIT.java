package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A server the DID Optimizer has not whitelisted gets so many posts per window: vicisync spends
 * them oldest call first and stops at the window's edge instead of earning a 429, and the runs
 * before the window resets post nothing.
 */
class RateLimitIT extends ViciTest {

  @Test
  void aRunSpendsTheAdvertisedLimitOldestFirstAndStopsAtItsEdgeWithoutA429() throws Exception {
    receiver.rateLimit(30);
    vici.insertFinished(50, "1800000045.");

    Vici.Result first = vici.run("run", "--max-in-flight", "4");
    assertThat(first.exit()).isEqualTo(75);
    assertThat(first.err())
        .contains(
            "the receiver's rate limit (30 posts per 15 min) is spent until",
            "posting stops there rather than earn a 429");
    assertThat(receiver.refusedByLimit()).as("no 429 earned").isZero();
    assertThat(receiver.countByUniqueid()).hasSize(30).allSatisfy((id, n) -> assertThat(n).isOne());
    assertThat(receiver.countByUniqueid().keySet())
        .as("the oldest calls first")
        .allMatch(id -> Integer.parseInt(id.substring(id.indexOf('.') + 1)) < 30);

    Vici.Result next = vici.run("run");
    assertThat(next.exit()).as("the window has not reset: nothing is posted").isEqualTo(75);
    assertThat(receiver.refusedByLimit()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(30);
    assertThat(vici.run("status").out()).contains("rate limit");
  }
}
