package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vicisync.Json;
import io.vicisync.it.Receiver.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cron mails what a run prints. Run after run against a receiver that is down: one line when the
 * trouble starts, nothing more in the hour, a reminder after it, one line when it clears; the log
 * has every run's line. An installation without its API key yet mails nothing at all.
 */
class CronMailIT extends ViciTest {

  private Path trouble() {
    return vici.stateDir.resolve("trouble.json");
  }

  /** An hour passes, as far as the trouble file knows. */
  private void anHourPasses() throws Exception {
    ObjectNode t = (ObjectNode) Json.MAPPER.readTree(trouble().toFile());
    t.put("saidMillis", t.get("saidMillis").asLong() - 3_660_000);
    t.put("sinceMillis", t.get("sinceMillis").asLong() - 3_660_000);
    Files.writeString(trouble(), t.toString());
  }

  @Test
  void aReceiverOutageIsMailedWhenItStartsHourlyWhileItLastsAndWhenItEnds() throws Exception {
    vici.insertFinished(5, "1700000901.");
    receiver.script((n, body) -> new Reply(503, "down for maintenance", Map.of()));

    Vici.Result first = vici.run("run");
    assertThat(first.exit()).isEqualTo(75);
    assertThat(first.err()).contains("503").hasLineCount(1);
    for (int i = 0; i < 3; i++) {
      Vici.Result again = vici.run("run");
      assertThat(again.exit()).as("the exit code still tells").isEqualTo(75);
      assertThat(again.out() + again.err()).as("no news: no mail").isEmpty();
    }
    assertThat(vici.log().lines().filter(l -> l.contains("503")))
        .as("every run logs it")
        .hasSizeGreaterThanOrEqualTo(4);

    anHourPasses();
    Vici.Result reminder = vici.run("run");
    assertThat(reminder.err()).contains("503").contains("still failing after 61 minutes");
    assertThat(vici.run("run").err()).isEmpty();

    receiver.script((n, body) -> null); // back: the default answers
    Vici.Result back = vici.run("run");
    assertThat(back.exit()).isZero();
    assertThat(back.err())
        .hasLineCount(1)
        .startsWith("vicisync: back to normal after 61 minutes of: ")
        .contains("503");
    assertThat(receiver.countByUniqueid()).hasSize(5);
    assertThat(vici.run("run").err()).isEmpty();
    assertThat(trouble()).doesNotExist();
  }

  @Test
  void aPackageInstalledBeforeItsApiKeyIsSetMailsNothingAndLogsOnceAnHour() throws Exception {
    vici.apiKey("");
    for (int i = 0; i < 3; i++) {
      Vici.Result r = vici.run("run");
      assertThat(r.exit()).isEqualTo(78);
      assertThat(r.out() + r.err()).isEmpty();
    }
    assertThat(vici.log().lines().filter(l -> l.contains("no DID Optimizer API key"))).hasSize(1);
    Vici.Result dry = vici.run("run", "--dry-run");
    assertThat(dry.exit()).as("a dry run needs no key").isZero();
    Vici.Result doctor = vici.run("doctor");
    assertThat(doctor.out() + doctor.err()).as("doctor always tells").contains("api_key");
  }
}
