package io.vicisync.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.source.CallTable;
import io.vicisync.source.KeysetCriteria;
import io.vicisync.source.ScanKey;
import org.junit.jupiter.api.Test;

/**
 * The shape of the poll's keyset query, which keeps a poll's cost to its slice: an index range on
 * call_date that bounds what the server reads, a tie-breaker on the row id so that no row sharing a
 * second with the end of a full batch is skipped, that order, and a limit.
 */
class KeysetSqlTest {
  @Test
  void aResumedPollReadsAnIndexRangeAndBreaksTiesByTheRowId() {
    for (CallTable t : CallTable.values()) {
      String sql =
          VicidialSource.select(new KeysetCriteria(t, new ScanKey("a", "b"), "c", "d"), 500);
      assertThat(sql)
          .as(t.sqlName())
          .startsWith("SELECT ")
          .contains(" FROM " + t.sqlName() + " WHERE ")
          .contains(
              "WHERE call_date >= ? AND call_date <= ? AND (call_date > ? OR "
                  + t.idColumn()
                  + " > ?)")
          .endsWith(" ORDER BY call_date, " + t.idColumn() + " LIMIT 500");
      assertThat(sql.contains("alt_dial"))
          .as("vicidial_closer_log has no alt_dial")
          .isEqualTo(t == CallTable.LOG || t == CallTable.ARCHIVE);
    }
  }

  @Test
  void aFreshPollReadsItsWholeRangeFromItsFirstSecond() {
    String sql = VicidialSource.select(new KeysetCriteria(CallTable.LOG, null, "c", "d"), 200);
    assertThat(sql)
        .contains(" WHERE call_date >= ? AND call_date <= ? ORDER BY call_date, uniqueid LIMIT 200")
        .doesNotContain(" OR ");
  }
}
