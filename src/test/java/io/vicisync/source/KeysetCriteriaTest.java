package io.vicisync.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The keyset walk's one query, without a database: which rows its WHERE clause admits, in which
 * order its values are bound, and where the next query resumes.
 */
class KeysetCriteriaTest {
  static final String LO = "2026-12-06 10:00:00";
  static final String HI = "2026-12-06 10:05:00";

  static CallRow row(String id, String callDate) {
    return new CallRow(
        id, 1, 1L, "C", callDate, 0L, 0L, 0, "NA", "1", "555", "VDAD", null, null, null, null, 0,
        null);
  }

  @Test
  void aFreshQueryReadsItsWholeRangeFromItsFirstSecond() {
    KeysetCriteria c = new KeysetCriteria(CallTable.LOG, null, LO, HI);
    assertThat(c.where()).isEqualTo("call_date >= ? AND call_date <= ?");
    assertThat(c.binds()).containsExactly(LO, HI);
  }

  @Test
  void aResumedQueryBoundsTheIndexRangeAndBreaksTiesByTheRowId() {
    for (CallTable t : CallTable.values()) {
      KeysetCriteria c =
          new KeysetCriteria(t, new ScanKey("2026-12-06 10:01:00", "1765015260.42"), LO, HI);
      assertThat(c.where())
          .isEqualTo(
              "call_date >= ? AND call_date <= ? AND (call_date > ? OR " + t.idColumn() + " > ?)");
      assertThat(c.binds())
          .as("the same second twice: the index range starts at the key, the tie-break after it")
          .containsExactly("2026-12-06 10:01:00", HI, "2026-12-06 10:01:00", "1765015260.42");
      assertThat(c.orderBy()).isEqualTo("call_date, " + t.idColumn());
    }
  }

  @Test
  void aWholeSecondReadResumesAfterThatSecond() {
    KeysetCriteria c = new KeysetCriteria(CallTable.CLOSER, ScanKey.wholeSecond(LO), LO, HI);
    assertThat(c.where()).isEqualTo("call_date > ? AND call_date <= ?");
    assertThat(c.binds()).containsExactly(LO, HI);
  }

  @Test
  void aFullBatchResumesAfterItsLastRowAndAShortOneAfterTheUpperSecond() {
    KeysetCriteria c = new KeysetCriteria(CallTable.LOG, null, LO, HI);
    List<CallRow> full = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      full.add(row("17650152" + i, "2026-12-06 10:02:00"));
    }
    assertThat(c.next(full, 3))
        .as("more rows may share the last row's second")
        .isEqualTo(new ScanKey("2026-12-06 10:02:00", "176501522"));
    assertThat(c.next(full.subList(0, 2), 3)).isEqualTo(ScanKey.wholeSecond(HI));
    assertThat(c.next(List.of(), 3)).isEqualTo(ScanKey.wholeSecond(HI));
  }
}
