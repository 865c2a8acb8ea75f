package io.vicisync.engine;

import static io.vicisync.engine.FakeReader.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.ExitCode;
import io.vicisync.source.CallRow;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.PerlPosition;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The core as {@code follow} drives it, poll after poll with one checkpoint store and one memory of
 * settled rows: what the receiver gets, and what the checkpoint says.
 */
class ResidentCoreTest {
  static final long NOW = CoreTest.NOW;

  final FakeReader db = new FakeReader(NOW);
  final FakeSender sender = new FakeSender();
  final MemoryLedger ledger = new MemoryLedger();
  final SeenRows seen = new SeenRows();
  final MemoryState.MemoryCheckpoints store = new MemoryState.MemoryCheckpoints();
  Optional<Checkpoint> cp = Optional.empty();

  private RunContext ctx() {
    return MemoryState.outbound(db, sender, ledger);
  }

  private RunResult poll(UnaryOperator<SyncEngine> how) {
    SyncEngine e = how.apply(new SyncEngine(ctx(), store, PerlPosition.NONE).seen(seen));
    RunResult r = e.run(cp);
    cp = Optional.of(e.checkpoint());
    return r;
  }

  private long sent(String id) {
    return sender.uniqueids().stream().filter(id::equals).count();
  }

  @Test
  void rowsSeenSettledAreSkippedUntilTheyChange() {
    for (int i = 0; i < 50; i++) {
      db.add(call(NOW - 200 + "." + i, NOW - 200, 30, "SALE"));
    }
    assertThat(poll(e -> e).counts().posted()).isEqualTo(50);
    db.now += 60;
    RunResult again = poll(e -> e);
    assertThat(again.counts().unchanged()).isEqualTo(50);
    assertThat(again.counts().posted()).isZero();
    assertThat(seen.size()).isEqualTo(50);

    CallRow changed = call(NOW - 200 + ".7", NOW - 200, 30, "DNC");
    db.update(changed);
    db.now += 60;
    RunResult third = poll(e -> e);
    assertThat(third.counts().changedNotResent())
        .as("a change takes the ordinary path: reported once, not re-sent (resend = never)")
        .isEqualTo(1);
    assertThat(sent(NOW - 200 + ".7")).isEqualTo(1);
    db.now += 60;
    RunResult fourth = poll(e -> e);
    assertThat(fourth.counts().changedNotResent()).isZero();
    assertThat(fourth.counts().unchanged()).isEqualTo(50);
    assertThat(sender.posts()).hasSize(50);
  }

  @Test
  void theSettledMemoryLetsGoOfRowsNoScanReadsAgain() {
    db.add(call(NOW - 200 + ".1", NOW - 200, 30, "SALE"));
    poll(e -> e);
    assertThat(seen.size()).isOne();
    db.now += PlannerTest.S.overlap().toSeconds() + 300;
    poll(e -> e);
    assertThat(seen.size())
        .as("an idle dialer: the cursor stays at its newest call, which the poll reads again")
        .isOne();
    long later = db.now - 100;
    db.add(call(later + ".2", later, 10, "NA"));
    poll(e -> e);
    db.now += 5;
    poll(e -> e);
    assertThat(seen.size())
        .as("the next whole re-read starts where the last one began: the old call is kept")
        .isEqualTo(2);
    db.now += 5;
    poll(e -> e);
    assertThat(seen.size()).as("a whole re-read began past it: the old one is let go").isOne();
    assertThat(sender.uniqueids()).containsExactly(NOW - 200 + ".1", later + ".2");
  }

  @Test
  void anIdleDialerIsNotReadAgainEveryPollAndALateRowStillArrives() {
    for (int i = 0; i < 90; i++) { // a call a second for the last minute and a half
      db.add(call(NOW - 160 + i + ".b" + i, NOW - 160 + i, 20, "SALE"));
    }
    poll(e -> e.reread(Reread.FOLLOW));
    assertThat(sender.posts()).hasSize(90);
    long idleRows = 0;
    for (int i = 0; i < 11; i++) { // a minute of polls every 5 s, nothing new
      db.now += 5;
      long before = db.rowsRead;
      poll(e -> e.reread(Reread.FOLLOW));
      if (i > 0 && i < 11) {
        idleRows += db.rowsRead - before;
      }
    }
    assertThat(idleRows)
        .as("an idle poll reads from the cursor, not 90 s of calls it has read already")
        .isLessThanOrEqualTo(10);
    // written late, 30 s behind the newest call, after the window behind it was read
    db.add(call(NOW - 100 + ".late", NOW - 100, 10, "NA"));
    for (int i = 0; i < 12; i++) {
      db.now += 5;
      poll(e -> e.reread(Reread.FOLLOW));
    }
    assertThat(sent(NOW - 100 + ".late")).as("found by the minute's whole re-read").isOne();
    assertThat(sender.posts()).hasSize(91);
  }

  @Test
  void aShortPollMissesARowLateByMoreThanItsOverlapAndTheFullOneFindsIt() {
    db.add(call(NOW - 100 + ".1", NOW - 100, 30, "SALE"));
    poll(e -> e);
    db.now += 5;
    // inserted late: its call_date is four minutes before the cursor
    db.add(call(NOW - 240 + ".late", NOW - 240, 10, "NA"));
    poll(e -> e.reread(Reread.FOLLOW));
    assertThat(sent(NOW - 240 + ".late")).as("a short poll, 5 s after the whole re-read").isZero();
    db.now += 60;
    poll(e -> e.reread(Reread.FOLLOW));
    assertThat(sent(NOW - 240 + ".late")).isOne();
  }

  @Test
  void aCallSeenSettlingIsSentByAWatchedOnlyPollOnceItHasSettled() {
    db.add(call(NOW - 40 + ".1", NOW - 40, 30, "SALE")); // ended 10 s ago, settle 30 s
    RunResult first = poll(e -> e);
    assertThat(sender.posts()).isEmpty();
    assertThat(first.nextSettleSeconds()).isEqualTo(20);

    db.add(call(NOW + ".new", NOW - 100, 10, "NA")); // new, but a watched-only poll reads nothing
    db.now += 20;
    RunResult second = poll(SyncEngine::watchedOnly);
    assertThat(second.exit()).isEqualTo(ExitCode.OK);
    assertThat(sent(NOW - 40 + ".1")).isOne();
    assertThat(sent(NOW + ".new")).isZero();
    assertThat(second.nextSettleSeconds()).isEqualTo(-1);

    poll(e -> e);
    assertThat(sent(NOW + ".new")).isOne();
    assertThat(sent(NOW - 40 + ".1")).as("not again").isOne();
  }
}
