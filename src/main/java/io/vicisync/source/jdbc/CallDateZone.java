package io.vicisync.source.jdbc;

import io.vicisync.VicisyncException;
import io.vicisync.source.CallTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the dialers write {@code call_date} in the time zone the database converts epochs in.
 * VICIdial writes {@code call_date} from the telephony or web server's local clock, and every poll
 * turns its epoch range into a {@code call_date} range through the database's session zone: where
 * the two zones differ, every poll reads the wrong hours and delivers nothing, in silence. The
 * newest rows show it: their {@code call_date} is hours away from their {@code start_epoch} as the
 * database converts it.
 */
public final class CallDateZone {
  /** Apart by this much or more, it is another zone, not clocks drifting between servers. */
  static final long TOLERANCE_SECONDS = 900;

  private static final int ROWS = 20;

  private CallDateZone() {}

  /**
   * How far the newest rows' {@code call_date} is from their {@code start_epoch} as converted in
   * the session's zone (the median, in seconds), and the session's offset from UTC now.
   */
  public record Gap(long seconds, long sessionOffsetSeconds, String sessionZone) {
    public boolean differs() {
      return Math.abs(seconds) >= TOLERANCE_SECONDS;
    }

    /** The dialers' offset from UTC, as [sync] db_time_zone takes it: "-05:00". */
    public String dialersOffset() {
      long quarter = 900;
      long total = Math.round((sessionOffsetSeconds + seconds) / (double) quarter) * quarter;
      long abs = Math.abs(total);
      return String.format("%s%02d:%02d", total < 0 ? "-" : "+", abs / 3600, (abs % 3600) / 60);
    }

    /** Why the sync cannot read this table as it is, and the setting that fixes it. */
    public String explain(CallTable table) {
      long abs = Math.abs(seconds);
      return table
          + "'s newest calls have a call_date "
          + (abs / 3600)
          + " h "
          + (abs % 3600) / 60
          + " min "
          + (seconds < 0 ? "behind" : "ahead of")
          + " their start_epoch as the database converts it (session time zone "
          + sessionZone
          + "): the dialers write call_date in another zone, and every poll would read the wrong"
          + " hours. Set [sync] db_time_zone = "
          + dialersOffset()
          + " in dids.conf (or the dialers' zone by name, e.g. America/New_York, which also"
          + " follows daylight saving time, where the database has its time zone tables);"
          + " nothing was skipped";
    }
  }

  /** The gap on {@code table}'s newest rows; empty when it has none with a start_epoch. */
  public static Optional<Gap> measure(VicidialSource db, CallTable table) {
    try {
      List<Long> gaps =
          new ArrayList<>(
              db.select(
                  "SELECT TIMESTAMPDIFF(SECOND, FROM_UNIXTIME(start_epoch), call_date) FROM "
                      + table.sqlName()
                      + " WHERE call_date >= ? AND start_epoch > 0"
                      + " ORDER BY call_date DESC LIMIT "
                      + ROWS,
                  List.of(VicidialSource.UNDATED_BELOW),
                  rs -> rs.getLong(1)));
      if (gaps.isEmpty()) {
        return Optional.empty();
      }
      gaps.sort(null);
      long median = gaps.get(gaps.size() / 2);
      List<Object[]> zone =
          db.select(
              "SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW()), @@session.time_zone",
              List.of(),
              rs -> new Object[] {rs.getLong(1), rs.getString(2)});
      return Optional.of(new Gap(median, (Long) zone.get(0)[0], (String) zone.get(0)[1]));
    } catch (SQLException e) {
      throw db.explain("comparing call_date with start_epoch", e, table.sqlName());
    }
  }

  /** Stops (78) before a poll would read the wrong hours of {@code table}. */
  public static void require(VicidialSource db, CallTable table) {
    Optional<Gap> g = measure(db, table);
    if (g.isPresent() && g.get().differs()) {
      throw VicisyncException.config(g.get().explain(table));
    }
  }
}
