package io.vicisync.state.disk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.state.SentLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
  @TempDir Path state;
  static final long NOW = 1_800_000_000L;
  static final long DAY = 86_400;

  @Test
  void whatWasRecordedIsKnownAfterReopening() {
    try (Ledger l = Ledger.openDir(state.resolve("ledger"), NOW, 7, false)) {
      l.record("1.1", 42, false, NOW - 50, NOW);
      l.record("1.2", 43, true, NOW - 40, NOW);
      l.record("1.1", 44, false, NOW - 50, NOW + 1);
    }
    try (Ledger l = Ledger.openDir(state.resolve("ledger"), NOW + 10, 7, false)) {
      l.preload(NOW - 3600, NOW + 3600);
      assertThat(l.lookup("1.1", NOW - 50)).isEqualTo(new SentLedger.Entry(44, false));
      assertThat(l.lookup("1.2", NOW - 40)).isEqualTo(new SentLedger.Entry(43, true));
      assertThat(l.lookup("1.3", NOW - 40)).isNull();
      assertThat(l.loads()).as("all three served by the preloaded window").isEqualTo(1);
    }
  }

  @Test
  void whetherPhoneNumberWasTheDidIsKeptBesideTheFingerprintAndTheDayStaysTheSendingDay()
      throws Exception {
    try (Ledger l = Ledger.openDir(state.resolve("ledger"), NOW, 7, false)) {
      l.record("1.1", 42, false, true, NOW - 50, NOW);
      l.record("1.2", 43, false, false, NOW - 40, NOW);
      l.record("1.3", 44, true, true, NOW - 30, NOW);
    }
    try (var files = Files.list(state.resolve("ledger"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactly(LedgerSegments.DAY_FORMAT.format(LedgerSegments.day(NOW)) + ".led");
    }
    try (Ledger l = Ledger.openDir(state.resolve("ledger"), NOW + 10, 7, false)) {
      assertThat(l.lookup("1.1", NOW - 50)).isEqualTo(new SentLedger.Entry(42, false, true));
      assertThat(l.lookup("1.2", NOW - 40)).isEqualTo(new SentLedger.Entry(43, false, false));
      assertThat(l.lookup("1.3", NOW - 30)).isEqualTo(new SentLedger.Entry(44, true, true));
    }
  }

  @Test
  void aRecordTornByACrashIsCutOffAndTheRestKept() throws Exception {
    try (Ledger l = Ledger.openDir(state.resolve("ledger"), NOW, 7, false)) {
      l.record("1.1", 42, false, NOW - 50, NOW);
    }
    Path seg;
    try (var files = Files.list(state.resolve("ledger"))) {
      seg = files.findFirst().orElseThrow();
    }
    Files.write(seg, new byte[] {1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
    try (Ledger l = Ledger.openDir(state.resolve("ledger"), NOW, 7, false)) {
      l.record("1.2", 7, false, NOW, NOW);
      assertThat(l.lookup("1.1", NOW - 50)).isEqualTo(new SentLedger.Entry(42, false));
      assertThat(l.lookup("1.2", NOW)).isEqualTo(new SentLedger.Entry(7, false));
    }
    assertThat(Files.size(seg)).isEqualTo(2 * Ledger.RECORD);
  }

  @Test
  void segmentsPastTheRetentionArePrunedAndTheRestStillAnswers() throws Exception {
    try (Ledger l = Ledger.openDir(state.resolve("ledger"), NOW - 10 * DAY, 7, false)) {
      l.record("old", 1, false, NOW - 10 * DAY, NOW - 10 * DAY);
    }
    try (Ledger l = Ledger.openDir(state.resolve("ledger"), NOW - 3 * DAY, 7, false)) {
      l.record("recent", 2, false, NOW - 3 * DAY, NOW - 3 * DAY);
    }
    try (Ledger l = Ledger.openDir(state.resolve("ledger"), NOW, 7, false)) {
      l.preload(NOW - 3600, NOW);
      assertThat(l.size()).as("only the preloaded window is held in memory").isZero();
      assertThat(l.lookup("recent", NOW - 3 * DAY)).isEqualTo(new SentLedger.Entry(2, false));
      assertThat(l.lookup("old", NOW - 10 * DAY)).as("pruned at 7 days").isNull();
      assertThat(l.memoryStartsEpoch())
          .isGreaterThan(NOW - 10 * DAY)
          .isLessThanOrEqualTo(NOW - 3 * DAY);
    }
    try (var files = Files.list(state.resolve("ledger"))) {
      assertThat(files.count())
          .as("the 10-day-old segment is gone, the 3-day one kept")
          .isEqualTo(1);
    }
  }

  @Test
  void aLargeLedgerIsHeldOneWindowAtATimeAndStillFindsEveryCall() {
    // 400,000 calls that ended over 40 days, all sent today (a backfill)
    int perDay = 10_000;
    try (Ledger l = Ledger.openDir(state.resolve("ledger"), NOW, 7, false)) {
      for (int d = 0; d < 40; d++) {
        for (int i = 0; i < perDay; i++) {
          long end = NOW - (40 - d) * DAY + i * 8L;
          l.record("c" + d + "." + i, d * 100_000L + i + 1, false, end, NOW + d * 1000L);
        }
      }
    }
    try (Ledger l = Ledger.openDir(state.resolve("ledger"), NOW, 7, true)) {
      for (int d = 0; d < 40; d += 3) {
        for (int i = 0; i < perDay; i += 997) {
          long end = NOW - (40 - d) * DAY + i * 8L;
          assertThat(l.lookup("c" + d + "." + i, end))
              .isEqualTo(new SentLedger.Entry(d * 100_000L + i + 1, false));
        }
        assertThat(l.size()).as("a window, not the whole ledger").isLessThanOrEqualTo(300_000);
      }
      assertThat(l.loads())
          .as("windows as wide as memory allows: a few loads, not one a day")
          .isLessThanOrEqualTo(3);
      assertThat(l.lookup("c5.1", NOW - 35 * DAY + 8)).as("back again").isNotNull();
    }
  }

  @Test
  void aLedgerHeldWholeThatAMonthsLongBackfillGrowsFallsBackToWindows() {
    try (Ledger l = Ledger.openDir(state.resolve("ledger"), NOW, 7, false)) {
      assertThat(l.lookup("none", NOW - 90 * DAY)).as("empty: held whole from here").isNull();
      for (int i = 0; i < 350_000; i++) {
        l.record("b." + i, i + 1, false, NOW - 90 * DAY + i * 20L, NOW);
        assertThat(l.size()).isLessThanOrEqualTo(300_000);
      }
      assertThat(l.lookup("b.0", NOW - 90 * DAY)).isEqualTo(new SentLedger.Entry(1, false));
      assertThat(l.lookup("b.349999", NOW - 90 * DAY + 349_999 * 20L))
          .isEqualTo(new SentLedger.Entry(350_000, false));
      assertThat(l.size()).isLessThan(10_000);
    }
  }

  @Test
  void aReadOnlyLedgerCreatesNothing() {
    try (Ledger l = Ledger.openDir(state.resolve("none").resolve("ledger"), NOW, 7, true)) {
      l.record("1.1", 1, false, NOW, NOW);
      assertThat(l.lookup("1.1", NOW)).isNull();
    }
    assertThat(state.resolve("none")).doesNotExist();
  }
}
