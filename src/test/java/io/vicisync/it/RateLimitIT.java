package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
    // up to --max-in-flight - 1 short: an answer's Remaining may already count posts started after
    // it, which are taken off again (never a 429, at most a few posts left to the next window)
    assertThat(receiver.countByUniqueid())
        .hasSizeBetween(27, 30)
        .allSatisfy((id, n) -> assertThat(n).isOne());
    int sent = receiver.countByUniqueid().size();
    assertThat(receiver.countByUniqueid().keySet())
        .as("the oldest calls first")
        .allMatch(id -> Integer.parseInt(id.substring(id.indexOf('.') + 1)) < sent);
    assertThat(Files.readString(vici.logFile)).doesNotContain("HTTP 429");

    Vici.Result next = vici.run("run");
    assertThat(next.exit()).as("the window has not reset: nothing is posted").isEqualTo(75);
    assertThat(receiver.refusedByLimit()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(sent);
    assertThat(vici.run("status").out())
        .containsPattern(
            "rate limit +posts held back until \\S+ \\S+ \\(could not deliver \\S+: the receiver's"
                + " rate limit \\(30 posts"
                + " per 15 min\\) is spent until");
    Vici.Result check = vici.run("check");
    assertThat(check.exit()).as("no successful run yet: critical, and it says why").isEqualTo(2);
    assertThat(check.out())
        .contains("the receiver's rate limit holds posts back for")
        .containsPattern("rate_limited=[1-9]\\d*s;;;0");
    Path prom = tmp.resolve("vicisync.prom");
    vici.run("run", "--metrics-file", prom.toString());
    assertThat(Files.readString(prom))
        .containsPattern(
            "vicisync_rate_limited_until_timestamp_seconds\\{vicisync_instance=\"default\","
                + "source=\"outbound\"\\} [1-9]");
  }
}
