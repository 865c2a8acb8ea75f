package io.vicisync.engine;

import static io.vicisync.engine.FakeReader.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.state.PerlPosition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cron's minute run re-reads a minute and a half behind its cursor, and the whole overlap every ten
 * minutes: a row VICIdial writes late by up to the overlap is still sent, once, however many short
 * runs came between.
 */
class RereadTest {
  static final long NOW = CoreTest.NOW;
  static final long OVERLAP = PlannerTest.S.overlap().toSeconds();

  final FakeReader db = new FakeReader(NOW);
  final FakeSender sender = new FakeSender();
  final MemoryLedger ledger = new MemoryLedger();
  final MemoryState.MemoryCheckpoints checkpoints = new MemoryState.MemoryCheckpoints();

  private RunResult cronRun() {
    return new SyncEngine(MemoryState.outbound(db, sender, ledger), checkpoints, PerlPosition.NONE)
        .reread(Reread.CRON)
        .run(checkpoints.load());
  }

  private long sent(String id) {
    return sender.uniqueids().stream().filter(id::equals).count();
  }

  /** A minute of a busy dialer: 8 calls that started in the last 100 s and have settled. */
  private void aMinuteOfCalls(int minute) {
    for (int i = 0; i < 8; i++) {
      long start = db.now - 100 + i * 7L;
      db.add(call(minute + "." + i, start, 5, "NA"));
    }
  }

  @Test
  void aRowLateByAlmostTheOverlapIsFoundByTheNextWholeReReadAndMostRunsReadLittle() {
    aMinuteOfCalls(0);
    cronRun(); // the first run: nothing before its start is wanted
    List<Long> readPerRun = new ArrayList<>();
    String late = null;
    for (int minute = 1; minute <= 30; minute++) {
      db.now += 60;
      aMinuteOfCalls(minute);
      if (minute == 11) {
        // written now, with a call_date the overlap less 5 s ago, right after a whole re-read
        // (minute 10): nine short runs follow, so by the next whole re-read (minute 20) the
        // cursor is nine minutes past where that one began
        late = "late.1";
        db.add(call(late, db.now - OVERLAP + 5, 1, "NA"));
      }
      long before = db.rowsRead;
      cronRun();
      readPerRun.add(db.rowsRead - before);
      if (minute == 19) {
        assertThat(sent(late)).as("the short runs do not reach it").isZero();
      }
    }
    assertThat(sent(late)).as("the next whole re-read found it, once").isOne();
    for (int minute = 0; minute <= 30; minute++) {
      for (int i = 0; i < 8; i++) {
        assertThat(sent(minute + "." + i)).as(minute + "." + i).isOne();
      }
    }
    long small = readPerRun.stream().filter(n -> n <= 8 * 3).count();
    assertThat(small)
        .as("rows read per run: %s; most runs read about a minute and a half", readPerRun)
        .isGreaterThanOrEqualTo(26);
  }

  @Test
  void aWholeReReadIsDueAgainWhenTheDatabaseClockWasSetBack() {
    aMinuteOfCalls(0);
    cronRun();
    db.now += 120;
    aMinuteOfCalls(1);
    db.add(call("late.2", db.now - OVERLAP + 30, 1, "NA"));
    cronRun();
    assertThat(sent("late.2")).as("a short run, two minutes after the whole first one").isZero();
    db.now -= 200; // behind the moment of the last whole re-read
    cronRun();
    assertThat(sent("late.2")).as("a clock set back: the whole overlap again").isOne();
  }
}
