package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.it.Vici.Call;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;

/** dead-letters list, replay after the row is fixed, and purge. */
class DeadLettersIT extends ViciTest {

  @Test
  void aRefusedCallIsListedThenReplayedOnceItsRowIsFixed() throws Exception {
    vici.insertFinished(5, "1800000020.");
    long start = vici.dbNow() - 100;
    vici.insert(
        new Call("1800000021.1", vici.local(start), start).campaign(null),
        new Call("1800000021.2", vici.local(start + 1), start + 1).campaign(null));
    assertThat(vici.run("run").exit()).isEqualTo(65);

    Vici.Result list = vici.run("dead-letters", "list");
    assertThat(list.exit()).isZero();
    assertThat(list.out())
        .containsPattern(
            "1800000021\\.1 +outbound +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"
                + " +400  .*Missing required field: campaignId")
        .contains("2 dead letters in " + vici.deadLetters());

    vici.sql("UPDATE vicidial_log SET campaign_id = 'CAMP9' WHERE uniqueid = '1800000021.1'");
    Vici.Result replay = vici.run("dead-letters", "replay", "--uniqueid", "1800000021.1");
    assertThat(replay.exit()).as(replay.err()).isZero();
    assertThat(replay.out()).contains("1 delivered, 0 refused again; 1 left in");
    assertThat(receiver.posts())
        .filteredOn(p -> p.uniqueid().equals("1800000021.1"))
        .singleElement()
        .satisfies(p -> assertThat(p.body().get("campaignId").asText()).isEqualTo("CAMP9"));
    assertThat(Files.readString(vici.deadLetters().toPath()))
        .doesNotContain("1800000021.1")
        .contains("1800000021.2");

    int before = receiver.requests();
    assertThat(vici.run("run").exit())
        .as("the refused row is unchanged, the fixed one sent")
        .isZero();
    assertThat(receiver.requests()).isEqualTo(before);

    Vici.Result again = vici.run("dead-letters", "replay");
    assertThat(again.exit()).as("still refused").isEqualTo(65);
    assertThat(again.out()).contains("0 delivered, 1 refused again; 1 left in");
  }

  @Test
  void purgeDeletesOnlyWhatIsOlderThanAskedAndListSaysWhenThereIsNothing() throws Exception {
    Files.createDirectories(vici.stateDir);
    long now = vici.dbNow();
    Files.writeString(
        vici.deadLetters().toPath(),
        line(now - 40 * 86_400L, "1800000022.1") + line(now - 86_400L, "1800000022.2"),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE);

    Vici.Result purge = vici.run("dead-letters", "purge", "--older-than", "30");
    assertThat(purge.exit()).as(purge.err()).isZero();
    assertThat(purge.out()).contains("purged 1 dead letters older than 30 days; 1 kept");
    assertThat(Files.readString(vici.deadLetters().toPath()))
        .doesNotContain("1800000022.1")
        .contains("1800000022.2");

    assertThat(vici.run("dead-letters", "purge", "--older-than", "0").exit()).isZero();
    assertThat(vici.run("dead-letters", "list").out()).startsWith("no dead letters in ");
  }

  @Test
  void aDamagedLineIsNamedNotSkipped() throws Exception {
    Files.createDirectories(vici.stateDir);
    Files.writeString(vici.deadLetters().toPath(), line(1, "1.1") + "{\"uniqueid\":\n");
    Vici.Result r = vici.run("dead-letters", "list");
    assertThat(r.exit()).isEqualTo(78);
    assertThat(r.err())
        .contains(vici.deadLetters() + " line 2 is not a dead letter")
        .contains("fix or delete that line");
  }

  private static String line(long at, String uniqueid) {
    return "{\"at\":"
        + at
        + ",\"uniqueid\":\""
        + uniqueid
        + "\",\"status\":400,\"answer\":"
        + "\"{\\\"error\\\":\\\"Missing required field: campaignId\\\"}\",\"payload\":"
        + "{\"uniqueid\":\""
        + uniqueid
        + "\",\"endEpoch\":"
        + at
        + "}}\n";
  }
}
