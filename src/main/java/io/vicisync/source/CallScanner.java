package io.vicisync.source;

import java.util.List;

/**
 * Walks one poll's {@link ScanRange} in batches, keyset-paginated on {@code (call_date, uniqueid)}.
 * Each query's {@code call_date} range is also capped to a slice that adapts to the row density, so
 * the server never reads far more rows than a batch, even over a day's backlog.
 */
public final class CallScanner {
  private static final long MIN_SLICE = 1;
  private static final long MAX_SLICE = 86_400;

  private final CallReader source;
  private final CallTable table;
  private final ScanRange range;
  private final int batchSize;
  private ScanKey position;
  private long sliceSeconds = 300;
  private boolean done;

  /** {@code start}: the position to resume after, or null to read from the range's start. */
  public CallScanner(
      CallReader source, CallTable table, ScanRange range, ScanKey start, int batchSize) {
    this.source = source;
    this.table = table;
    this.range = range;
    this.batchSize = batchSize;
    this.position = start;
    this.done =
        start != null
            && start.uniqueid() == null
            && start.callDate().compareTo(range.upperLocal()) >= 0;
  }

  public boolean done() {
    return done;
  }

  /** The position up to which every row of the range has been returned. */
  public ScanKey position() {
    return position;
  }

  /** The next rows in scan order; empty once the range is exhausted. */
  public List<CallRow> next() {
    while (!done) {
      String from = position == null ? range.lowerLocal() : position.callDate();
      String sliceEnd = CallDates.plusSeconds(from, sliceSeconds);
      // fixed-width local text orders like the times it names; no time zone is involved
      String hi = sliceEnd.compareTo(range.upperLocal()) < 0 ? sliceEnd : range.upperLocal();
      KeysetCriteria query = new KeysetCriteria(table, position, range.lowerLocal(), hi);
      List<CallRow> rows = source.readAfter(query, batchSize);
      position = query.next(rows, batchSize);
      if (rows.size() == batchSize) {
        sliceSeconds = Math.max(MIN_SLICE, sliceSeconds / 2);
        return rows;
      }
      done = hi.equals(range.upperLocal());
      if (rows.size() < batchSize / 4) {
        sliceSeconds = Math.min(MAX_SLICE, sliceSeconds * 2);
      }
      if (!rows.isEmpty()) {
        return rows;
      }
    }
    return List.of();
  }
}
