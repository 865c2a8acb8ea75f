package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A post that got no answer may have been stored: the DID Optimizer stores every post as a call.
 * Such a post is not retried at once; the next run waits longer for the answers, so a receiver
 * slower than api_timeout gets each call in a few runs and at most twice, not a post per retry.
 */
class SlowReceiverIT extends ViciTest {

  private Path patience() {
    return vici.stateDir.resolve("slow-receiver.json");
  }

  @Test
  void aReceiverSlowerThanApiTimeoutGetsEveryCallWithinThreeRunsAtMostTwice() throws Exception {
    vici.insertFinished(16, "1700000401.");
    vici.apiTimeout("5");
    receiver.delay(9000);

    Vici.Result first = vici.run("run");
    assertThat(first.exit()).isEqualTo(75);
    assertThat(first.err().lines())
        .as("said once, however many posts went unanswered")
        .singleElement()
        .asString()
        .contains("the receiver is slower than api_timeout (5000 ms)")
        .contains("the next run waits up to 10 s");
    assertThat(Files.readString(patience())).containsPattern("\"millis\" ?: ?10000");

    int runs = 1;
    for (int run = 2; run <= 3 && receiver.countByUniqueid().size() < 16; run++) {
      vici.run("run");
      runs = run;
    }
    Thread.sleep(9500); // the posts of the first run are stored when the receiver gets to them
    System.out.printf(
        "slow receiver (9 s, api_timeout 5 s): 16 calls delivered in %d runs with %d posts, at most"
            + " %d a call%n",
        runs,
        receiver.requests(),
        receiver.countByUniqueid().values().stream().mapToInt(Integer::intValue).max().orElse(0));

    assertThat(receiver.countByUniqueid()).hasSize(16);
    assertThat(receiver.countByUniqueid().values())
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
    assertThat(receiver.requests()).as("posts in all").isLessThanOrEqualTo(32);

    // fast again: the next run that posts goes back to api_timeout
    receiver.delay(0);
    vici.insertFinished(1, "1700000402.");
    assertThat(vici.run("run").exit()).isZero();
    assertThat(patience()).doesNotExist();
  }

  @Test
  void aConnectionDroppedAfterTheCallWasSentIsTriedOnceMoreThenLeftToTheNextRun() throws Exception {
    vici.insertFinished(16, "1700000403.");
    receiver.storeThenDrop(16); // a receiver that stores, then drops the connection, once a call

    Vici.Result raced = vici.run("run");

    assertThat(raced.exit()).as(raced.err()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(16);
    assertThat(receiver.countByUniqueid().values())
        .as("the first attempt and one more, on a new connection")
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));

    vici.insertFinished(16, "1700000404.");
    receiver.storeThenDrop(1000); // one that always does: two attempts, then the next run
    Vici.Result broken = vici.run("run");
    assertThat(broken.exit()).isEqualTo(75);
    assertThat(broken.err()).contains("the connection broke after the call was sent, twice");
    assertThat(receiver.requests()).as("at most two attempts a call").isLessThanOrEqualTo(32 + 32);
    assertThat(patience()).as("a broken connection is not slowness").doesNotExist();
  }
}
