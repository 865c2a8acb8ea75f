package io.vicisync.source.jdbc;

import io.vicisync.source.CallDates;
import io.vicisync.source.CallTable;
import io.vicisync.source.ScanRange;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The dialer's busiest stretch of a given length in the last days: how many calls started in it
 * (each is one post). Counted in five-minute buckets of {@code call_date}, one short index-only
 * COUNT a bucket (a MyISAM table is never held for long), then the most any window of consecutive
 * buckets holds.
 */
public final class BusiestWindow {
  /** How far back it looks. */
  public static final int DAYS = 7;

  private static final int BUCKET = 300;
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /**
   * The busiest window found.
   *
   * @param calls the most calls any window of the length held
   * @param startsLocal where that window starts, in VICIdial's local time; null when no calls
   */
  public record Result(long calls, String startsLocal) {}

  private BusiestWindow() {}

  /** The busiest {@code windowSeconds} (rounded up to five minutes) of {@code tables}' calls. */
  public static Result of(VicidialSource db, List<CallTable> tables, long windowSeconds) {
    long now = db.nowEpoch();
    ScanRange range = db.scanRange(now - DAYS * 86_400L, now);
    // bucket start (local) -> calls; one COUNT(*) over a five-minute range of the call_date index
    // a query: an expression grouped over an hour held the table for 700 ms at 8 calls a second
    TreeMap<String, Long> buckets = new TreeMap<>();
    String from = floorToBucket(range.lowerLocal());
    try {
      while (from.compareTo(range.upperLocal()) <= 0) {
        String to = CallDates.plusSeconds(from, BUCKET);
        long n = 0;
        for (CallTable t : tables) {
          n +=
              db.select(
                      "SELECT COUNT(*) FROM "
                          + t.sqlName()
                          + " WHERE call_date >= ? AND call_date < ?",
                      List.of(from, to),
                      rs -> rs.getLong(1))
                  .get(0);
        }
        if (n > 0) {
          buckets.put(from, n);
        }
        from = to;
      }
    } catch (SQLException e) {
      throw db.explain("counting calls per five minutes", e, tables.get(0).sqlName());
    }
    return busiest(buckets, windowSeconds);
  }

  /** {@code local} rounded down to its five minutes. */
  static String floorToBucket(String local) {
    LocalDateTime t = LocalDateTime.parse(local, LOCAL);
    return LOCAL.format(t.withSecond(0).withMinute(t.getMinute() / 5 * 5));
  }

  /** The most calls in any run of consecutive buckets {@code windowSeconds} long. */
  static Result busiest(NavigableMap<String, Long> buckets, long windowSeconds) {
    long width = Math.max(1, (windowSeconds + BUCKET - 1) / BUCKET);
    long best = 0;
    String bestStart = null;
    for (String start : buckets.keySet()) {
      LocalDateTime s;
      try {
        s = LocalDateTime.parse(start, LOCAL);
      } catch (DateTimeParseException e) {
        continue; // a call_date MariaDB let through that is no date: not a window's start
      }
      String end = LOCAL.format(s.plusSeconds(width * BUCKET));
      long sum = buckets.subMap(start, true, end, false).values().stream().mapToLong(x -> x).sum();
      if (sum > best) {
        best = sum;
        bestStart = start;
      }
    }
    return new Result(best, bestStart);
  }
}
