package io.vicisync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
  @TempDir Path state;
  static final long NOW = 1_800_000_000L;

  @Test
  void whatWasRecordedIsKnownAfterReopening() {
    try (Ledger l = Ledger.open(state, NOW, 3600, 7, false)) {
      l.record("1.1", 42, false, NOW - 50, NOW);
      l.record("1.2", 43, true, NOW - 40, NOW);
      l.record("1.1", 44, false, NOW - 50, NOW + 1);
    }
    try (Ledger l = Ledger.open(state, NOW + 10, 3600, 7, false)) {
      assertThat(l.lookup("1.1")).isEqualTo(new Ledger.Entry(44, false));
      assertThat(l.lookup("1.2")).isEqualTo(new Ledger.Entry(43, true));
      assertThat(l.lookup("1.3")).isNull();
    }
  }

  @Test
  void aRecordTornByACrashIsCutOffAndTheRestKept() throws Exception {
    try (Ledger l = Ledger.open(state, NOW, 3600, 7, false)) {
      l.record("1.1", 42, false, NOW - 50, NOW);
    }
    Path seg;
    try (var files = Files.list(state.resolve("ledger"))) {
      seg = files.findFirst().orElseThrow();
    }
    Files.write(seg, new byte[] {1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
    try (Ledger l = Ledger.open(state, NOW, 3600, 7, false)) {
      assertThat(l.lookup("1.1")).isEqualTo(new Ledger.Entry(42, false));
      l.record("1.2", 7, false, NOW, NOW);
    }
    assertThat(Files.size(seg)).isEqualTo(2 * Ledger.RECORD);
  }

  @Test
  void segmentsPastTheRetentionArePrunedAndOldRecordsAreNotLoaded() throws Exception {
    try (Ledger l = Ledger.open(state, NOW - 10 * 86400, 3600, 7, false)) {
      l.record("old", 1, false, NOW - 10 * 86400, NOW - 10 * 86400);
    }
    try (Ledger l = Ledger.open(state, NOW - 3 * 86400, 3600, 7, false)) {
      l.record("recent", 2, false, NOW - 3 * 86400, NOW - 3 * 86400);
    }
    try (Ledger l = Ledger.open(state, NOW, 3600, 7, false)) {
      assertThat(l.size()).as("only the horizon is held in memory").isZero();
    }
    try (var files = Files.list(state.resolve("ledger"))) {
      assertThat(files.count()).as("the 10-day-old segment is gone, the 3-day one kept")
          .isEqualTo(1);
    }
  }

  @Test
  void aReadOnlyLedgerCreatesNothing() {
    try (Ledger l = Ledger.open(state.resolve("none"), NOW, 3600, 7, true)) {
      l.record("1.1", 1, false, NOW, NOW);
    }
    assertThat(state.resolve("none")).doesNotExist();
  }
}
