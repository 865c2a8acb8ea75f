package io.vicisync.source.jdbc;

import io.vicisync.source.CallDates;
import io.vicisync.source.CallRow;
import io.vicisync.source.Enrichment;
import io.vicisync.source.Extra;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One of enrichment's lookups: what one or two of VICIdial's tables know of a batch of calls, asked
 * in one indexed query a table, never one a call. Each is turned off alone when its tables cannot
 * be read, so a lookup is also the unit a grant is given for.
 */
abstract class Lookup {
  /** A dial, carrier or AMD row is written within the call; this bounds a lead's rows by time. */
  static final long CALL_WINDOW = 6 * 3600;

  /** The fields it fills, in {@link Extra}'s order. */
  abstract List<Extra> fills();

  /** The tables it reads, each with the columns it reads there (doctor checks them). */
  abstract Map<String, List<String>> reads();

  /** Only dialed (outbound) calls have rows in its tables. */
  abstract boolean dialedOnly();

  /**
   * Adds what its tables know to {@code out}, by the row's uniqueid; may read what a lookup before
   * it found there.
   */
  abstract void fill(VicidialSource db, List<CallRow> rows, Map<String, Enrichment> out)
      throws SQLException;

  /** The posted fields it fills, as the log and doctor name them. */
  final String fieldNames() {
    return String.join(", ", fills().stream().map(Extra::wire).filter(Objects::nonNull).toList());
  }

  static void add(Map<String, Enrichment> out, CallRow row, Enrichment e) {
    out.merge(row.uniqueid(), e, Enrichment::plus);
  }

  static String marks(int n) {
    return String.join(",", Collections.nCopies(n, "?"));
  }

  static List<Object> leadIds(List<CallRow> rows) {
    LinkedHashSet<Object> ids = new LinkedHashSet<>();
    rows.forEach(r -> ids.add(r.leadId()));
    return new ArrayList<>(ids);
  }

  /** The rows a lookup by time can place, and its query's arguments: leads, then the window. */
  record Windowed(List<CallRow> rows, List<Object> args) {}

  /**
   * The batch's calls with a call_date (not NULL, not a zero date), their leads, then the {@code
   * call_date} range their dial rows can fall in: from a minute before the first call to {@link
   * #CALL_WINDOW} after the last. Null when no call has a call_date to place them by.
   */
  static Windowed windowed(List<CallRow> all) {
    List<CallRow> rows = dated(all);
    if (rows.isEmpty()) {
      return null;
    }
    List<Object> args = leadIds(rows);
    String first = null;
    String last = null;
    for (CallRow r : rows) {
      first = first == null || r.callDate().compareTo(first) < 0 ? r.callDate() : first;
      last = last == null || r.callDate().compareTo(last) > 0 ? r.callDate() : last;
    }
    args.add(CallDates.plusSeconds(first, -60));
    args.add(CallDates.plusSeconds(last, CALL_WINDOW));
    return new Windowed(rows, args);
  }

  private static List<CallRow> dated(List<CallRow> rows) {
    return rows.stream()
        .filter(
            r -> r.callDate() != null && r.callDate().compareTo(VicidialSource.UNDATED_BELOW) >= 0)
        .toList();
  }

  static Integer integer(ResultSet rs, int col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }
}
