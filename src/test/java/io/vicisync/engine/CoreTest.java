package io.vicisync.engine;

import static io.vicisync.engine.FakeReader.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.Deadline;
import io.vicisync.ExitCode;
import io.vicisync.config.SyncSettings;
import io.vicisync.log.ProgressMeter;
import io.vicisync.sink.Outgoing;
import io.vicisync.sink.PostResult;
import io.vicisync.sink.PostResult.Outcome;
import io.vicisync.source.CallRow;
import io.vicisync.source.CallSource;
import io.vicisync.source.CallTable;
import io.vicisync.source.Enrichment;
import io.vicisync.source.Extra;
import io.vicisync.source.ScanRange;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.PerlPosition;
import io.vicisync.state.SentLedger.Entry;
import io.vicisync.wire.EncodedCall;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sync core's decisions, through its interfaces alone: no database, no network. Each test is a
 * situation a real dialer produces; the assertions are what the receiver got, and what the
 * checkpoint says.
 */
class CoreTest {
  static final long NOW = 1_800_000_000L;
  static final SyncSettings S = PlannerTest.S;
  private SyncSettings settings = S;

  /** The caller ID VICIdial presented, by uniqueid, as the dial log has it right now. */
  private final Map<String, String> callerIds = new ConcurrentHashMap<>();

  final MemoryState.MemoryCheckpoints checkpoints = new MemoryState.MemoryCheckpoints();
  final MemoryState.MemoryDeadLetters deadLetters = new MemoryState.MemoryDeadLetters();
  final FakeReader db = new FakeReader(NOW);
  final FakeSender sender = new FakeSender();
  final MemoryLedger ledger = new MemoryLedger();
  final RecordingEvents events = new RecordingEvents();
  private Thread answerer;
  private final AtomicBoolean answering = new AtomicBoolean();

  private RunContext ctx() {
    return ctx(CallSource.OUTBOUND);
  }

  private RunContext ctx(CallSource source) {
    return new RunContext(
        settings,
        source,
        db,
        sender,
        ledger,
        deadLetters,
        rows -> {
          Map<String, Enrichment> known = new HashMap<>();
          rows.forEach(
              r -> {
                String cid = callerIds.get(r.uniqueid());
                if (cid != null) {
                  known.put(r.uniqueid(), Enrichment.of(Extra.CALLER_ID, cid));
                }
              });
          return known;
        },
        events,
        Deadline.in(Duration.ofMinutes(1)));
  }

  private MemoryState.MemoryCheckpoints store() {
    return checkpoints;
  }

  private RunResult run() {
    return new SyncEngine(ctx(), checkpoints, PerlPosition.NONE).run(checkpoints.load());
  }

  /** How often the receiver got each uniqueid. */
  private Map<String, Long> received() {
    return sender.uniqueids().stream()
        .collect(Collectors.groupingBy(u -> u, TreeMap::new, Collectors.counting()));
  }

  /** Answers held posts every few milliseconds, last first, until the test ends. */
  private void answerOutOfOrder() {
    sender.hold = true;
    answering.set(true);
    answerer =
        new Thread(
            () -> {
              while (answering.get()) {
                sender.answerHeldLastFirst();
                try {
                  Thread.sleep(2);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    answerer.setDaemon(true);
    answerer.start();
  }

  @AfterEach
  void stopAnswering() throws InterruptedException {
    answering.set(false);
    if (answerer != null) {
      answerer.join();
    }
  }

  @Test
  void callsSharingOneSecondAcrossBatchEdgesAllArriveOnce() {
    for (int i = 0; i < 1200; i++) {
      db.add(call(String.format("%d.%05d", NOW - 300, i), NOW - 300, 60, "SALE"));
    }
    RunResult r = run();
    assertThat(r.exit()).isEqualTo(ExitCode.OK);
    assertThat(received()).hasSize(1200).allSatisfy((id, n) -> assertThat(n).isOne());
    assertThat(run().counts().unchanged()).as("the next poll re-reads the overlap").isEqualTo(1200);
    assertThat(sender.posts()).hasSize(1200);
  }

  @Test
  void theCheckpointFollowsTheSettledPrefixWhenAcknowledgementsComeOutOfOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String id = String.format("%d.%03d", NOW - 400 + i, i);
      ids.add(id);
      db.add(call(id, NOW - 400 + i, 10, "NA"));
    }
    String failing = ids.get(25);
    sender.script =
        o ->
            o.uniqueid().equals(failing)
                ? new PostResult(Outcome.GAVE_UP, 503, "HTTP 503 after 4 attempts", 3)
                : FakeSender.result(Outcome.DELIVERED, 200);
    answerOutOfOrder();

    RunResult first = run();

    assertThat(first.exit()).isEqualTo(ExitCode.TEMPORARY);
    Checkpoint cp = store().load().orElseThrow();
    assertThat(cp.scan()).as("stopped mid-poll").isNotNull();
    assertThat(
            cp.scan().afterCallDate() == null
                || cp.scan().afterCallDate().compareTo(FakeReader.local(NOW - 400 + 25)) < 0)
        .as("never past the unsettled call, whatever was acknowledged after it")
        .isTrue();

    sender.script = o -> FakeSender.result(Outcome.DELIVERED, 200);
    RunResult second = run();
    assertThat(second.exit()).isEqualTo(ExitCode.OK);
    assertThat(received().keySet()).containsExactlyInAnyOrderElementsOf(ids);
    long twice = received().values().stream().filter(n -> n > 1).count();
    assertThat(twice).as("re-sent: at most what was in flight").isLessThanOrEqualTo(16);
  }

  @Test
  void aRefusedCallIsDeadLetteredAndTheRunGoesOnPastIt() throws Exception {
    db.add(
        call("1.1", NOW - 200, 10, "SALE"),
        call("1.2", NOW - 190, 0, "NA"),
        call("1.3", NOW - 180, 5, "B"));
    sender.script =
        o ->
            o.uniqueid().equals("1.2")
                ? FakeSender.result(Outcome.REFUSED, 400)
                : FakeSender.result(Outcome.DELIVERED, 200);

    RunResult r = run();

    assertThat(r.exit()).isEqualTo(ExitCode.DEAD_LETTERED);
    assertThat(r.counts().deadLettered()).isOne();
    assertThat(deadLetters.letters)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.source()).isEqualTo("outbound");
              assertThat(l.json()).contains("\"uniqueid\":\"1.2\"");
            });
    assertThat(ledger.entries.get("1.2").deadLettered()).isTrue();
    assertThat(store().load().orElseThrow().scan()).as("the poll finished").isNull();
    run();
    assertThat(sender.posts()).as("a refusal is not retried by the next run").hasSize(3);
  }

  private String body(int post) {
    return new String(sender.posts().get(post).json(), StandardCharsets.UTF_8);
  }

  @Test
  void thousandsOfCallsThatNeverEndAreGivenUpOnInOneWarningNotOneLineEach() throws Exception {
    for (int i = 0; i < 2000; i++) {
      CallRow c = call("7." + i, NOW - 300, 0, "INCALL");
      db.add(
          new CallRow(
              c.uniqueid(),
              c.leadId(),
              c.listId(),
              c.campaignId(),
              c.callDate(),
              c.startEpoch(),
              null,
              null,
              c.status(),
              c.phoneCode(),
              c.phoneNumber(),
              c.user(),
              c.comments(),
              c.userGroup(),
              c.termReason(),
              c.altDial(),
              c.calledCount(),
              null));
    }
    assertThat(run().watching()).isEqualTo(2000);
    assertThat(checkpoints.load().orElseThrow().watch()).hasSize(2000);
    db.now += 60;
    assertThat(run().watching()).isEqualTo(2000);
    events.lines.clear();
    int abandoned = 0;
    RunResult r = null;
    for (int i = 0; i < 10; i++) { // a crashed dialer never ends them; cron goes on
      db.now += 1800;
      r = run();
      abandoned += r.counts().abandoned();
    }

    assertThat(abandoned).isEqualTo(2000);
    assertThat(r.watching()).isZero();
    assertThat(events.lines.stream().filter(l -> l.startsWith("warning: ")))
        .singleElement()
        .asString()
        .startsWith("warning: stopped watching 2000 calls that never ended")
        .contains("7.0, ")
        .contains(", …");
    assertThat(events.lines.stream().filter(l -> l.startsWith("notice: stopped watching")))
        .hasSize(10);
    assertThat(sender.posts()).isEmpty();
  }

  @Test
  void phoneNumberIsTheDidThatPlacedTheCallAndTheCustomersNumberWhereNoneIsKnown() {
    db.add(call("5.1", NOW - 300, 40, "SALE"), call("5.2", NOW - 290, 0, "NA"));
    callerIds.put("5.1", "\"V1130124501000012345\" <12125550101>");

    RunResult r = run();

    assertThat(r.counts().posted()).isEqualTo(2);
    assertThat(r.counts().withoutDid()).as("5.2 has no caller ID on record").isOne();
    assertThat(body(0))
        .contains("\"phoneNumber\":\"2125550101\"", "\"customerPhone\":\"5551230000\"");
    assertThat(body(1))
        .contains("\"phoneNumber\":\"5551230000\"", "\"customerPhone\":\"5551230000\"");
  }

  @Test
  void aReplayedDeadLetterIsEnrichedFingerprintedAndKeyedExactlyLikeAFirstPost() {
    CallRow refused = call("8.1", NOW - 300, 40, "SALE");
    CallRow twin = call("8.2", NOW - 300, 40, "SALE"); // the same call's content, never refused
    CallRow gone = call("8.3", NOW - 290, 30, "SALE");
    db.add(refused, gone);
    callerIds.put("8.1", "\"V1\" <12125550101>");
    callerIds.put("8.2", "\"V1\" <12125550101>");
    sender.script = o -> FakeSender.result(Outcome.REFUSED, 400);
    assertThat(run().counts().deadLettered()).isEqualTo(2);
    String keptOfGone = deadLetters.letters.get(1).json();
    db.delete("8.3"); // archived and wiped before the replay

    sender.script = o -> FakeSender.result(Outcome.DELIVERED, 200);
    Replay.Result r =
        Replay.run(
            ctx(),
            deadLetters.letters.stream()
                .map(
                    l ->
                        new Replay.Letter(
                            l.key(), l.uniqueid(), l.json().getBytes(StandardCharsets.UTF_8)))
                .toList());
    db.add(twin);
    run();

    assertThat(r.exit()).isEqualTo(ExitCode.OK);
    assertThat(r.delivered()).containsExactlyInAnyOrder("8.1", "8.3");
    assertThat(r.fromKept()).containsExactly("8.3");
    Outgoing replayed = sender.posts().get(2);
    Outgoing first = sender.posts().get(4);
    assertThat(replayed.uniqueid()).isEqualTo("8.1");
    assertThat(new String(replayed.json(), StandardCharsets.UTF_8))
        .as("the replay's body is a first post's, enrichment and DID included")
        .isEqualTo(new String(first.json(), StandardCharsets.UTF_8).replace("\"8.2\"", "\"8.1\""))
        .contains("\"phoneNumber\":\"2125550101\"");
    assertThat(replayed.idempotencyKey())
        .as("keyed by the row's fingerprint, as a first post of it is")
        .isEqualTo(EncodedCall.idempotencyKey("8.1", fp(refused)));
    assertThat(ledger.entries.get("8.1"))
        .as("recorded like a delivery: its row's fingerprint, counted against its DID")
        .isEqualTo(new Entry(fp(refused), false, true));
    assertThat(new String(sender.posts().get(3).json(), StandardCharsets.UTF_8))
        .as("a call whose row is gone is posted with the body that was refused")
        .isEqualTo(keptOfGone);
    assertThat(ledger.entries.get("8.3").deadLettered()).isFalse();

    int before = sender.posts().size();
    Replay.Result again =
        Replay.run(
            ctx(),
            List.of(
                new Replay.Letter(
                    "8.1",
                    "8.1",
                    deadLetters.letters.get(0).json().getBytes(StandardCharsets.UTF_8))));
    assertThat(sender.posts()).as("delivered as it is now: not posted again").hasSize(before);
    assertThat(again.delivered()).containsExactly("8.1");
  }

  @Test
  void phoneNumberCustomerKeepsTheFirstVersionsContract() {
    settings = PlannerTest.settings(SyncSettings.Resend.NEVER, SyncSettings.PhoneNumber.CUSTOMER);
    db.add(call("5.1", NOW - 300, 40, "SALE"));
    callerIds.put("5.1", "2125550101");
    assertThat(run().counts().withoutDid()).isOne();
    assertThat(body(0)).contains("\"phoneNumber\":\"5551230000\"", "\"callerId\":\"2125550101\"");
  }

  @Test
  void aRepostNamesWhatTheFirstPostNamedWhateverTheDialLogSaysBySince() {
    settings = PlannerTest.settings(SyncSettings.Resend.CHANGES, SyncSettings.PhoneNumber.DID);
    CallRow noCid = call("6.1", NOW - 300, 40, "A");
    CallRow withCid = call("6.2", NOW - 290, 40, "A");
    db.add(noCid, withCid);
    callerIds.put("6.2", "2125550102");
    run();
    // the dial log's row for 6.1 turns up late, and 6.2's is archived away
    callerIds.put("6.1", "2125550101");
    callerIds.remove("6.2");
    db.update(FakeReader.withStatus(noCid, "SALE"));
    db.update(FakeReader.withStatus(withCid, "SALE"));
    db.now += 60;

    RunResult r = run();

    assertThat(r.counts().resent()).isOne();
    assertThat(body(2))
        .as("counted against no DID the first time, so not now either")
        .contains("\"uniqueid\":\"6.1\"", "\"phoneNumber\":\"5551230000\"");
    assertThat(r.counts().changedNotResent())
        .as("6.2 was counted against a DID that can no longer be named: not posted without it")
        .isOne();
    assertThat(received()).containsEntry("6.1", 2L).containsEntry("6.2", 1L);
  }

  @Test
  void aHeldCallIsPostedOnceWithItsFinalDispositionAndAChangeAfterThatIsReportedNotResent() {
    CallRow incall = call("2.1", NOW - 200, 100, "INCALL");
    db.add(incall);
    assertThat(run().held()).as("QUEUE/INCALL wait for the disposition").isOne();
    db.update(FakeReader.withStatus(incall, "NI"));
    db.now += 60;
    run();
    assertThat(events.lines).contains("delivered 2.1 NI");

    db.update(FakeReader.withStatus(incall, "SALE")); // an admin edits the lead an hour later
    db.now += 60;
    RunResult changed = run();
    assertThat(changed.counts().changedNotResent()).isOne();
    assertThat(events.lines).anyMatch(l -> l.startsWith("changed 2.1 SALE: [sync] resend = never"));
    db.now += 60;
    RunResult again = run();
    assertThat(again.counts().changedNotResent())
        .as("a change is reported once, not every poll that re-reads it")
        .isZero();
    assertThat(received()).containsExactly(Map.entry("2.1", 1L));
    assertThat(new String(sender.posts().get(0).json(), StandardCharsets.UTF_8))
        .contains("\"disposition\":\"NI\"");
  }

  /**
   * VICIdial's agent screen turns INCALL into DISPO at hang-up (ALTNUM with alternate-number
   * dialing, DONEM for a manual dial it inserts then) and writes the agent's choice minutes later:
   * the wrap-up statuses are held like INCALL, and the call is posted once, with the choice.
   */
  @Test
  void aCallInWrapUpIsHeldUntilTheAgentsDispositionAndPostedOnceWithIt() {
    for (String wrapup : List.of("DISPO", "ALTNUM", "DONEM")) {
      CallRow c = call("3." + wrapup, db.now - 200, 100, wrapup);
      db.add(c);
      assertThat(run().held()).as(wrapup + " is not a disposition").isOne();
      db.now += 120; // a two-minute wrap-up
      assertThat(run().held()).isOne();
      db.update(FakeReader.withStatus(c, "SALE"));
      db.now += 30;
      run();
      assertThat(events.lines).contains("delivered 3." + wrapup + " SALE");
    }
    assertThat(received())
        .containsOnly(
            Map.entry("3.DISPO", 1L), Map.entry("3.ALTNUM", 1L), Map.entry("3.DONEM", 1L));
  }

  /**
   * The agent log already holds the agent's disposition while the call log still says DISPO (its
   * UPDATE missed, or ran after the read): the call is posted at once with the agent's choice, and
   * reading the row again later posts nothing more.
   */
  @Test
  void aCallTheAgentLogShowsDispositionedIsPostedAtOnceWithThatChoice() {
    CallRow c = call("4.1", NOW - 200, 100, "DISPO");
    db.add(c);
    db.add(call("4.2", NOW - 200, 100, "DISPO"));
    db.agentChose.put("4.1", "NI");
    db.agentChose.put("4.2", "ALTNUM"); // the agent log's own in-between status proves nothing
    RunResult r = run();
    assertThat(r.held()).isOne();
    assertThat(events.lines).contains("delivered 4.1 NI");
    db.now += 60; // read again, the call log unchanged
    assertThat(run().counts().changedNotResent()).isZero();
    db.update(FakeReader.withStatus(c, "NI")); // VICIdial's own UPDATE lands late
    db.now += 60;
    assertThat(run().counts().changedNotResent()).isZero();
    assertThat(received()).containsExactly(Map.entry("4.1", 1L));
    assertThat(db.agentLogReads).as("asked only while calls were in wrap-up").isPositive();
  }

  @Test
  void withResendChangesAHeldCallSentAtHoldMaxIsSentAgainWhenItsDispositionComes() {
    settings = PlannerTest.settings(SyncSettings.Resend.CHANGES, SyncSettings.PhoneNumber.DID);
    CallRow incall = call("2.1", NOW - 200, 100, "INCALL");
    db.add(incall);
    RunResult held = run();
    assertThat(held.held()).isOne();
    assertThat(sender.posts()).isEmpty();

    db.now += 1800; // past --hold-max without a disposition: sent as it is, and watched
    RunResult sent = run();
    assertThat(sender.uniqueids()).containsExactly("2.1");
    assertThat(sent.watching()).isOne();

    db.update(FakeReader.withStatus(incall, "SALE"));
    db.now += 60;
    RunResult redispositioned = run();
    assertThat(events.lines).contains("resent 2.1 SALE");
    assertThat(redispositioned.watching()).as("final now: no longer watched").isZero();

    db.add(call("2.2", db.now - 100, 50, "INCALL"));
    db.now += 1800;
    assertThat(run().watching()).isOne();
    db.now += Duration.ofHours(5).toSeconds(); // VICIdial's agent screen gives up after 4 h
    assertThat(run().watching()).as("the watch expired").isZero();
    assertThat(received()).containsEntry("2.1", 2L).containsEntry("2.2", 1L);
  }

  @Test
  void aBackfillStoppedByTheReceiverResumesWhereItsSettledCallsEnd() {
    long day = NOW - 86_400;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String id = String.format("%d.%04d", day + i * 3L, i);
      ids.add(id);
      db.add(call(id, day + i * 3L, 20, "SALE"));
    }
    String failing = ids.get(600);
    sender.script =
        o ->
            o.uniqueid().equals(failing)
                ? new PostResult(Outcome.GAVE_UP, 0, "connection refused", 3)
                : FakeSender.result(Outcome.DELIVERED, 200);
    MemoryState.MemoryBackfill progress = new MemoryState.MemoryBackfill();
    Backfill.Request req =
        new Backfill.Request(
            "--since test", FakeReader.local(day - 60), FakeReader.local(day + 4000), false);
    ProgressMeter quiet =
        new ProgressMeter(new PrintStream(PrintStream.nullOutputStream()), false, "backfill");

    Backfill.Result first = new Backfill(ctx(), progress, quiet).run(req, progress.load());

    assertThat(first.finished()).isFalse();
    assertThat(first.exit()).isEqualTo(ExitCode.TEMPORARY);
    assertThat(progress.load().orElseThrow().afterCallDate())
        .isLessThanOrEqualTo(FakeReader.local(day + 600 * 3));

    sender.script = o -> FakeSender.result(Outcome.DELIVERED, 200);
    Backfill.Result second = new Backfill(ctx(), progress, quiet).run(req, progress.load());
    assertThat(second.finished()).isTrue();
    assertThat(events.lines).anyMatch(l -> l.contains("resuming the backfill"));
    assertThat(received().keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(received().values().stream().filter(n -> n > 1).count()).isLessThanOrEqualTo(16);
    assertThat(progress.load()).as("a finished backfill leaves no progress file").isEmpty();
  }

  @Test
  void reconcileTellsDeliveredStaleMissingDeadAndPendingApart() {
    long hour = NOW - 7200;
    CallRow delivered = call("3.1", hour, 10, "SALE");
    CallRow stale = call("3.2", hour + 10, 10, "SALE");
    CallRow missing = call("3.3", hour + 20, 10, "NA");
    CallRow dead = call("3.4", hour + 30, 10, "NA");
    CallRow pending = call("3.5", NOW - 100, 10, "NA");
    db.add(delivered, stale, missing, dead, pending);
    ledger.record("3.1", fp(delivered), false, 0, 0);
    ledger.record("3.2", fp(call("3.2", hour + 10, 10, "NI")), false, 0, 0);
    ledger.record("3.4", fp(dead), true, 0, 0);
    Checkpoint cp =
        new Checkpoint(
            Checkpoint.VERSION,
            NOW - 1000,
            FakeReader.local(NOW - 1000),
            null,
            List.of(),
            List.of(),
            0,
            null);

    Reconcile.Result r =
        new Reconcile(ctx(), false)
            .run(
                new ScanRange(FakeReader.local(hour - 60), FakeReader.local(NOW), 0),
                Optional.of(cp));

    assertThat(r.total(Reconcile.Kind.CALLS)).isEqualTo(5);
    assertThat(r.total(Reconcile.Kind.DELIVERED)).isOne();
    assertThat(r.total(Reconcile.Kind.STALE)).isOne();
    assertThat(r.total(Reconcile.Kind.MISSING)).isOne();
    assertThat(r.total(Reconcile.Kind.DEAD)).isOne();
    assertThat(r.total(Reconcile.Kind.PENDING)).as("past the run's cursor less overlap").isOne();
    assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS_FOUND);
    assertThat(sender.posts()).as("a report posts nothing").isEmpty();
  }

  @Test
  void inboundRowsArePostedAsTheirCallsUniqueidAndKnownByTheirRowId() {
    CallRow row =
        new CallRow(
            "77",
            100,
            998L,
            "SALESLINE",
            FakeReader.local(NOW - 300),
            NOW - 300,
            NOW - 240,
            60,
            "SALE",
            "1",
            "3125550199",
            "agent",
            null,
            "AGENTS",
            "CALLER",
            null,
            0,
            "1800000040.1");
    db.add(CallTable.CLOSER, row);
    RunContext in = ctx(CallSource.INBOUND);
    new SyncEngine(in, new MemoryState.MemoryCheckpoints(), PerlPosition.NONE)
        .run(Optional.empty());
    assertThat(sender.posts()).extracting(Outgoing::uniqueid).containsExactly("1800000040.1");
    assertThat(new String(sender.posts().get(0).json(), StandardCharsets.UTF_8))
        .contains("\"callDirection\":\"inbound\"");
    assertThat(ledger.entries).containsOnlyKeys("77");
  }

  private static long fp(CallRow row) {
    return EncodedCall.of(row, row.postUniqueid(), CallSource.OUTBOUND).fingerprint();
  }
}
