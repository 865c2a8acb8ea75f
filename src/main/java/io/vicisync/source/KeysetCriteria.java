package io.vicisync.source;

import java.util.List;

/**
 * One query of a keyset walk over a call table: the rows after {@code after} (from {@code lower}
 * itself when null) up to {@code upper}, in {@code (call_date, id)} order. It owns the WHERE
 * clause, the order its values are bound in, and the key the walk resumes after, so that the
 * reader, doctor's EXPLAIN and the walk cannot disagree. The index range on {@code call_date}
 * bounds what the server reads; the row id breaks ties, so that no row sharing a second with the
 * end of a full batch is skipped.
 *
 * @param after the key of the last row returned (a whole second when its uniqueid is null)
 * @param lower the range's first local time, read from when {@code after} is null
 * @param upper the range's last local time, included
 */
public record KeysetCriteria(CallTable table, ScanKey after, String lower, String upper) {

  /** The WHERE clause, without the word; its {@code ?} are bound in {@link #binds}'s order. */
  public String where() {
    if (after == null) {
      return "call_date >= ? AND call_date <= ?";
    }
    if (after.uniqueid() == null) {
      return "call_date > ? AND call_date <= ?";
    }
    // the first two bound the index range; the disjunction alone would not
    return "call_date >= ? AND call_date <= ? AND (call_date > ? OR " + table.idColumn() + " > ?)";
  }

  /** The values of {@link #where}'s placeholders, in order. */
  public List<String> binds() {
    if (after == null) {
      return List.of(lower, upper);
    }
    if (after.uniqueid() == null) {
      return List.of(after.callDate(), upper);
    }
    return List.of(after.callDate(), upper, after.callDate(), after.uniqueid());
  }

  /** The walk's order, which {@link #next} relies on. */
  public String orderBy() {
    return "call_date, " + table.idColumn();
  }

  /**
   * The key the next query starts after, once {@code batch} came back for a limit of {@code limit}:
   * a full batch may have left rows in its last row's second, so the last row's key; a short one
   * read everything up to {@code upper}, so the whole of that second.
   */
  public ScanKey next(List<CallRow> batch, int limit) {
    return batch.size() == limit && !batch.isEmpty()
        ? batch.get(batch.size() - 1).key()
        : ScanKey.wholeSecond(upper);
  }
}
