package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.it.Vici.Call;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** backfill and taking over from process-call-results.pl: what arrives, and how often. */
class BackfillIT extends ViciTest {

  /** {@code n} answered calls a minute apart from {@code start}, with ids {@code prefix + i}. */
  List<Call> calls(int n, String prefix, long start, long step) throws Exception {
    List<Call> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long t = start + i * step;
      out.add(
          new Call(prefix + i, vici.local(t), t)
              .phone("55520" + String.format("%05d", i))
              .answered(20, "SALE"));
    }
    return out;
  }

  @Test
  void backfillSendsOnlyWhatTheReceiverLacksFromTheLogAndTheArchive() throws Exception {
    long base = vici.dbNow() - 2 * 86_400;
    String since = vici.local(base - 3600).substring(0, 16);
    String until = vici.local(base + 3 * 3600).substring(0, 16);
    vici.insert(calls(40, "1800000001.", base, 60));

    Vici.Result first = vici.run("backfill", "--since", since, "--until", until);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(40);
    assertThat(first.out())
        .as("said once, before the posts, of calls older than a day")
        .containsOnlyOnce(
            "backfill: this range holds calls older than a day; the DID Optimizer marks each DID"
                + " it posts as used now, not when the call was made (usage.lastUsed, which its"
                + " rotation picks by), so every DID in it will look just used")
        .startsWith("backfill: this range holds calls older than a day");
    assertThat(vici.run("backfill", "--minutes", "60").out())
        .as("the last hour: nothing to say")
        .doesNotContain("older than a day");

    // rows the run never saw: inserted late into the past, one re-dispositioned by an admin,
    // and the older half moved to vicidial_log_archive by VICIdial's archiver
    vici.insert(calls(30, "1800000002.", base + 30, 60));
    vici.sql("UPDATE vicidial_log SET status = 'DNC' WHERE uniqueid = '1800000001.0'");
    vici.archiveBefore(vici.local(base + 20 * 60));

    Vici.Result dry = vici.run("backfill", "--since", since, "--until", until, "--dry-run");
    assertThat(dry.exit()).isZero();
    assertThat(dry.out().lines().filter(l -> l.startsWith("would"))).hasSize(30);
    assertThat(dry.out())
        .contains(
            "30 would be sent, 39 already delivered unchanged, 1 changed after delivery and not"
                + " re-sent");
    assertThat(receiver.requests()).as("a dry run posts nothing").isEqualTo(40);

    Vici.Result second = vici.run("backfill", "--since", since, "--until", until);
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out())
        .contains(
            "done; read 70 calls, posted 30, re-sent 0, unchanged 39, changed after delivery and"
                + " not re-sent 1");
    Map<String, Integer> got = receiver.countByUniqueid();
    assertThat(got).hasSize(70);
    assertThat(got)
        .as("re-dispositioned after delivery: the receiver would count it twice")
        .containsEntry("1800000001.0", 1)
        .containsEntry("1800000002.0", 1)
        .containsEntry("1800000002.29", 1);
    assertThat(got.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(70);
    assertThat(vici.stateDir.resolve("backfill.json"))
        .as("finished: no progress left")
        .doesNotExist();
    assertThat(vici.checkpoint()).as("the run's cursor is not the backfill's").doesNotExist();
  }

  @Test
  void aBackfillKilledMidwayResumesWithTheSameCommandAndLosesNothing() throws Exception {
    long base = vici.dbNow() - 86_400;
    vici.insert(calls(2000, "1800000003.", base, 2));
    String since = vici.local(base - 60);
    receiver.delay(20);

    Process p = vici.start("backfill", "--since", since);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (receiver.posts().size() < 600 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    p.destroyForcibly();
    p.waitFor();
    assertThat(receiver.posts().size()).as("killed midway").isBetween(600, 1999);
    assertThat(Files.readString(vici.stateDir.resolve("backfill.json")))
        .contains("\"afterCallDate\"");

    receiver.delay(0);
    Vici.Result again = vici.run("backfill", "--since", since);
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(vici.log()).contains("resuming the backfill --since '" + since + "'");
    Map<String, Integer> got = receiver.countByUniqueid();
    assertThat(got).hasSize(2000);
    assertThat(got.values()).allMatch(n -> n <= 2);
    assertThat(got.values().stream().filter(n -> n > 1).count())
        .as("re-sent after kill -9")
        .isLessThanOrEqualTo(16);
  }

  @Test
  void aBadRangeIsAOneLineUsageError() {
    Vici.Result r = vici.run("backfill", "--since", "2026-02-30 10:00");
    assertThat(r.exit()).isEqualTo(64);
    assertThat(r.err().strip())
        .isEqualTo("vicisync: error: --since '2026-02-30 10:00' is not a real date and time");
    assertThat(vici.run("backfill", "--minutes", "10", "--since", "2026-02-01 10:00").err())
        .contains("either --since");
  }

  @Test
  void theFirstRunTakesOverFromTheLegacyCheckpointWithTheOverlap() throws Exception {
    long now = vici.dbNow();
    String legacy = vici.local(now - 3600);
    Files.writeString(vici.legacyCheckpoint(), legacy + "\n");
    vici.insert(
        new Call("1800000004.1", vici.local(now - 7200), now - 7200).answered(20, "SALE"),
        new Call("1800000004.2", vici.local(now - 3900), now - 3900).answered(20, "SALE"),
        new Call("1800000004.3", vici.local(now - 1800), now - 1800).status("NA"));

    Vici.Result r = vici.run("run");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(receiver.countByUniqueid())
        .as("from 600 s before the old script's position")
        .containsOnlyKeys("1800000004.2", "1800000004.3");
    assertThat(vici.log())
        .contains(
            "taking over from process-call-results.pl, whose checkpoint "
                + vici.legacyCheckpoint()
                + " says "
                + legacy);
  }

  @Test
  void theFirstRunTakesOverFromTheNewerScriptsUniqueidCheckpointToo() throws Exception {
    long now = vici.dbNow();
    // AST_DID_optimizer_sync.pl writes the last uniqueid it sent; Asterisk's starts with the epoch
    Files.writeString(vici.legacyCheckpoint(), (now - 3600) + ".4711");
    vici.insert(
        new Call("1800000005.1", vici.local(now - 7200), now - 7200).answered(20, "SALE"),
        new Call("1800000005.2", vici.local(now - 3900), now - 3900).answered(20, "SALE"),
        new Call("1800000005.3", vici.local(now - 1800), now - 1800).status("NA"));

    Vici.Result r = vici.run("run");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(receiver.countByUniqueid())
        .as("from 600 s before the call that uniqueid names")
        .containsOnlyKeys("1800000005.2", "1800000005.3");
    assertThat(vici.log())
        .contains(
            "taking over from AST_DID_optimizer_sync.pl, whose checkpoint "
                + vici.legacyCheckpoint()
                + " says uniqueid "
                + (now - 3600)
                + ".4711 (a call that started at "
                + vici.local(now - 3600)
                + ")");
  }

  @Test
  void anEmptyLegacyCheckpointStopsTheFirstRunWithWhatToDo() throws Exception {
    Files.writeString(vici.legacyCheckpoint(), "");
    Vici.Result r = vici.run("run");
    assertThat(r.exit()).isEqualTo(78);
    assertThat(r.err())
        .contains(vici.legacyCheckpoint() + ", process-call-results.pl's" + " checkpoint, is empty")
        .contains("delete the file to start --initial-lookback");
    assertThat(receiver.requests()).isZero();
    assertThat(vici.checkpoint()).doesNotExist();
  }
}
