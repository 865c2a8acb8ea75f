package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vicisync.cli.Main;
import io.vicisync.it.Receiver.Reply;
import io.vicisync.it.Vici.Call;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** vicisync run against a real MariaDB and a real HTTP receiver: what arrives, and how often. */
class CoreSyncIT extends ViciTest {

  @Test
  void callsEndingInTheSameSecondAcrossBatchBoundariesAndUnansweredCallsAllArriveOnce()
      throws Exception {
    long now = vici.dbNow();
    long end = now - 120;
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      // 600 share one call_date second as well: ties on both columns the Perl script relied on
      long start = i < 600 ? end - 40 : end - 40 - i;
      calls.add(
          new Call(String.format("%d.%05d", start, i), vici.local(start), start)
              .phone("555100" + String.format("%04d", i))
              .answered((int) (end - start), "SALE"));
    }
    for (int i = 0; i < 300; i++) {
      long start = now - 300 + i % 100;
      calls.add(
          new Call(String.format("%d.9%04d", start, i), vici.local(start), start)
              .status(List.of("NA", "B", "DC").get(i % 3)));
    }
    vici.insert(calls);

    Vici.Result first = vici.run("run");
    assertThat(first.exit()).isZero();
    assertThat(first.out() + first.err()).as("cron mails only trouble").isEmpty();
    assertThat(vici.log()).contains("✓ ", "summary: posted 1500,");

    Map<String, Integer> got = receiver.countByUniqueid();
    assertThat(got).hasSize(1500);
    assertThat(got.values()).containsOnly(1);
    assertThat(receiver.posts())
        .filteredOn(p -> p.body().get("duration").asInt() == 0)
        .hasSize(300)
        .extracting(Receiver.Post::disposition)
        .containsOnly("NA", "B", "DC");

    assertThat(receiver.posts().get(0).headers())
        .containsEntry("Content-Type", "application/json")
        .containsEntry("x-api-key", Receiver.KEY)
        .hasEntrySatisfying("User-Agent", ua -> assertThat(ua).startsWith("vicisync/"))
        .hasEntrySatisfying(
            "Idempotency-Key",
            k -> assertThat(k).startsWith(receiver.posts().get(0).uniqueid() + ":"));

    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.requests()).as("a second run sends nothing again").isEqualTo(1500);
    assertThat(Files.readAllLines(vici.stateDir.resolve("runs.jsonl")))
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).contains("\"exit\":0"));
  }

  @Test
  void aRetryAfterLongerThanTheRunHasLeftEndsItWith75AndSaysWhenAndWhy() throws Exception {
    insertFinished(20, "1700000011.");
    receiver.script(
        (n, body) ->
            n < 3
                ? null
                : new Reply(
                    429, "{\"error\":\"Too many requests\"}", Map.of("Retry-After", "900")));

    Vici.Result r = vici.run("run", "--max-run-time", "20");

    assertThat(r.exit()).isEqualTo(75);
    assertThat(r.err())
        .contains("rate-limiting")
        .contains("in 900 s")
        .contains("whitelist this server's IP");
    assertThat(receiver.countByUniqueid()).hasSizeLessThanOrEqualTo(3);

    receiver.script((n, body) -> null);
    int before = receiver.requests();
    Vici.Result paused = vici.run("run");
    assertThat(paused.exit()).as("the 900 s are not over").isEqualTo(75);
    assertThat(paused.out() + paused.err()).as("said once, by the run that met the 429").isEmpty();
    assertThat(receiver.requests()).isEqualTo(before);
    assertThat(vici.log()).contains("the receiver is rate-limiting this server until");

    Files.delete(vici.stateDir.resolve("rate-limited.json")); // as if the 900 s had passed
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(20);
    assertThat(receiver.countByUniqueid().values()).containsOnly(1);
  }

  @Test
  void privacyModeKeepsCustomerNumbersOutOfTheLog() throws Exception {
    insertFinished(3, "1700000012.");
    Files.writeString(
        vici.didsConf,
        Files.readString(vici.didsConf).replace("privacy_mode = 0", "privacy_mode = 1"));

    assertThat(vici.run("run").exit()).isZero();

    assertThat(receiver.posts())
        .extracting(p -> p.body().get("phoneNumber").asText())
        .contains("5551230000");
    assertThat(vici.log()).contains("CAMP1/******0000").doesNotContain("5551230000");
  }

  @Test
  void anIncallCallIsHeldUntilItsDispositionArrivesAndIsPostedOnceWithIt() throws Exception {
    long start = vici.dbNow() - 200;
    vici.insert(new Call("1700000001.1", vici.local(start), start).answered(100, "INCALL"));

    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.requests()).isZero();

    vici.sql("UPDATE vicidial_log SET status = 'SALE' WHERE uniqueid = '1700000001.1'");
    assertThat(vici.run("run").exit()).isZero();
    assertThat(vici.run("run").exit()).isZero();

    assertThat(receiver.posts()).extracting(Receiver.Post::disposition).containsExactly("SALE");
  }

  @Test
  void aCallHeldPastHoldMaxIsSentAsItIsThenOnceMoreWhenItsDispositionArrives() throws Exception {
    vici.sync("resend = changes"); // a receiver that updates a call by its uniqueid
    long start = vici.dbNow() - 400;
    vici.insert(new Call("1700000002.1", vici.local(start), start).answered(100, "INCALL"));

    assertThat(vici.run("run", "--hold-max", "60").exit()).isZero();
    assertThat(vici.run("run", "--hold-max", "60").exit()).isZero();
    assertThat(receiver.posts()).extracting(Receiver.Post::disposition).containsExactly("INCALL");

    // the agent dispositions long after the call, beyond the overlap window's reach
    vici.sql("UPDATE vicidial_log SET status = 'NI' WHERE uniqueid = '1700000002.1'");
    assertThat(vici.run("run", "--hold-max", "60", "--overlap", "10").exit()).isZero();
    assertThat(vici.run("run", "--hold-max", "60", "--overlap", "10").exit()).isZero();

    assertThat(receiver.posts())
        .extracting(Receiver.Post::disposition)
        .containsExactly("INCALL", "NI");
  }

  @Test
  void aCallHeldPastHoldMaxIsSentOnceAndItsLateDispositionReportedNotCountedTwice()
      throws Exception {
    long start = vici.dbNow() - 400;
    vici.insert(new Call("1700000003.1", vici.local(start), start).answered(100, "INCALL"));
    assertThat(vici.run("run", "--hold-max", "60").exit()).isZero();

    vici.sql("UPDATE vicidial_log SET status = 'NI' WHERE uniqueid = '1700000003.1'");
    Vici.Result late = vici.run("run", "--hold-max", "60", "--overlap", "10");
    Vici.Result after = vici.run("run", "--hold-max", "60", "--overlap", "10");
    assertThat(after.exit()).isZero();

    assertThat(late.exit()).isZero();
    assertThat(late.err())
        .as("the optimizer holds what VICIdial no longer does: news, mailed once")
        .startsWith("vicisync: warning: 1 call changed after delivery and not re-sent");
    assertThat(after.err()).as("not every minute").isEmpty();
    assertThat(receiver.posts()).extracting(Receiver.Post::disposition).containsExactly("INCALL");
    assertThat(vici.log())
        .contains("≠ 1700000003.1 CAMP1/5551230000 → NI (100s) changed after delivery")
        .containsOnlyOnce("changed after delivery, not re-sent 1,");
  }

  @Test
  void rowsThatBecomeVisibleLateAreStillDelivered() throws Exception {
    long now = vici.dbNow();
    vici.insert(
        new Call("1700000003.1", vici.local(now - 100), now - 100).answered(40, "A"),
        new Call("1700000003.2", vici.local(now - 90), now - 90).live("INCALL"));
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.countByUniqueid()).containsOnlyKeys("1700000003.1");

    // inserted after the cursor passed its call_date, and an end_epoch written late
    vici.insert(new Call("1700000003.3", vici.local(now - 200), now - 200).status("B"));
    vici.sql(
        "UPDATE vicidial_log SET end_epoch = "
            + (now - 45)
            + ", length_in_sec = 45,"
            + " status = 'SALE' WHERE uniqueid = '1700000003.2'");
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.countByUniqueid())
        .as("the watched call by its key; the late row is behind the short re-read")
        .containsOnlyKeys("1700000003.1", "1700000003.2");

    vici.wholeReReadDue();
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.countByUniqueid())
        .as("the whole overlap, re-read every ten minutes, finds it")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("1700000003.1", 1, "1700000003.2", 1, "1700000003.3", 1));
    assertThat(receiver.posts())
        .as("the watched call with the disposition VICIdial wrote late, the late row with its own")
        .extracting(Receiver.Post::uniqueid, Receiver.Post::disposition)
        .containsExactly(
            tuple("1700000003.1", "A"), tuple("1700000003.2", "SALE"), tuple("1700000003.3", "B"));
  }

  @Test
  void receiverErrorBurstsAndRateLimitingLoseAndDuplicateNothing() throws Exception {
    insertFinished(200, "1700000004.");
    receiver.script(
        (n, body) -> {
          if (n < 5 || n % 37 == 0) {
            return new Reply(503, "busy", Map.of());
          }
          if (n == 60) {
            return new Reply(429, "{\"error\":\"Too many requests\"}", Map.of("Retry-After", "1"));
          }
          return null;
        });

    Vici.Result r = vici.run("run");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(200);
    assertThat(receiver.countByUniqueid().values()).containsOnly(1);
    assertThat(vici.log()).containsPattern("summary: posted 200, .* retries [1-9]");
  }

  @Test
  void aReceiverThatIsDownStopsTheRunWith75AndTheNextRunDeliversEverything() throws Exception {
    insertFinished(30, "1700000005.");
    vici.receiverUrl("http://127.0.0.1:1");

    Vici.Result down = vici.run("run");
    assertThat(down.exit()).isEqualTo(75);
    assertThat(down.err()).contains("could not deliver").contains("nothing was skipped");

    vici.receiverUrl(receiver.url());
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(30);
    assertThat(receiver.countByUniqueid().values()).containsOnly(1);
  }

  @Test
  void aRefusedApiKeyStopsAtOnceWith77AndSkipsNothing() throws Exception {
    insertFinished(100, "1700000006.");
    vici.apiKey("wrong-key");

    Vici.Result r = vici.run("run");
    assertThat(r.exit()).isEqualTo(77);
    assertThat(r.err()).contains("refused the API key").doesNotContain("wrong-key");
    assertThat(receiver.requests()).isLessThanOrEqualTo(16);

    vici.apiKey(Receiver.KEY);
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(100);
    assertThat(vici.log()).doesNotContain(Receiver.KEY).doesNotContain("wrong-key");
  }

  @Test
  void aPoisonRowIsDeadLetteredWhileTheOthersAreDelivered() throws Exception {
    insertFinished(40, "1700000007.");
    long start = vici.dbNow() - 100;
    vici.insert(new Call("1700000007.999", vici.local(start), start).campaign(null));

    Vici.Result r = vici.run("run");

    assertThat(r.exit()).isEqualTo(65);
    assertThat(receiver.countByUniqueid()).hasSize(40);
    List<String> dead = Files.readAllLines(vici.deadLetters().toPath());
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0))
        .contains(
            "\"uniqueid\":\"1700000007.999\"",
            "\"status\":400",
            "Missing required field: campaignId",
            "\"payload\":{\"uniqueid\":\"1700000007.999\"");
    int requests = receiver.requests();

    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.requests())
        .as("a refused call is not posted again unchanged")
        .isEqualTo(requests);
  }

  @Test
  void aCorruptCheckpointStopsWith78NamingTheFile() throws Exception {
    insertFinished(5, "1700000008.");
    Files.createDirectories(vici.stateDir);
    Files.writeString(vici.checkpoint(), "{\"version\":1,\"cursorEp");

    Vici.Result r = vici.run("run");

    assertThat(r.exit()).isEqualTo(78);
    assertThat(r.err()).contains(vici.checkpoint().toString()).doesNotContain("Exception\n\tat");
    assertThat(receiver.requests()).isZero();
    assertThat(Files.readString(vici.checkpoint())).isEqualTo("{\"version\":1,\"cursorEp");
  }

  @Test
  void aDryRunPrintsEachCallAndChangesNothing() throws Exception {
    insertFinished(3, "1700000009.");

    Vici.Result r = vici.run("run", "--dry-run");

    assertThat(r.exit()).isZero();
    assertThat(r.out().lines().filter(l -> l.startsWith("would send"))).hasSize(3);
    assertThat(receiver.requests()).isZero();
    assertThat(vici.stateDir).doesNotExist();
    assertThat(r.out()).as("its settings files are both there").doesNotContain("not found");
  }

  @Test
  void aDryRunWithoutAstguiclientConfSaysItUsesTheBuiltInDatabaseDefaults() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    Main.run(
        new String[] {
          "run",
          "--dry-run",
          "--astguiclient-conf",
          tmp.resolve("none.conf").toString(),
          "--dids-conf",
          vici.didsConf.toString(),
          "--state-dir",
          vici.stateDir.toString()
        },
        Map.of(),
        o,
        o);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "dry run: "
                + tmp.resolve("none.conf")
                + " not found; the database is cron@localhost:3306/asterisk")
        .contains("(built-in defaults, $VICIDIAL_DB_*)");
  }

  private void insertFinished(int n, String prefix) throws Exception {
    vici.insertFinished(n, prefix);
  }
}
