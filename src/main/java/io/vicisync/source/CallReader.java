package io.vicisync.source;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the sync core asks of VICIdial's database. {@code jdbc.VicidialSource} answers with short,
 * index-bounded queries; a test answers from memory.
 */
public interface CallReader extends DbClock {
  /** The epoch of a VICIdial local time, as the database converts it. */
  long epochOf(String local);

  /** The local call_date range holding every local time the epochs map to. */
  ScanRange scanRange(long fromEpoch, long toEpoch);

  /** The rows {@code criteria} selects, at most {@code limit}, in its scan order. */
  List<CallRow> readAfter(KeysetCriteria criteria, int limit);

  /** Rows with {@code lower <= call_date <= upper}, counted for a progress total. */
  long count(CallTable table, String lower, String upper);

  /**
   * Ended rows no call_date range can reach (NULL, or a zero or pre-1971 date a non-strict server
   * stored), after row id {@code afterId} (null: from the first), in id order.
   */
  List<CallRow> readUndated(CallTable table, String afterId, int limit);

  /**
   * Every row of {@code table} that belongs to one of the calls {@code callUniqueids} (by the
   * indexed {@code uniqueid} column: a closer-log row per in-group a call reached).
   */
  List<CallRow> legs(CallTable table, Collection<String> callUniqueids);

  /** The oldest call_date in {@code table} (an index lookup); empty when it holds no row. */
  Optional<String> oldest(CallTable table);

  /** Whether the table exists (an archive does once VICIdial's archiver has run). */
  boolean exists(CallTable table);

  /** Calls by their row id; those gone are absent. */
  Map<String, CallRow> findByUniqueid(CallTable table, Collection<String> ids);

  /**
   * The rows of one lead at one call_date in {@code table} (a manual dial's rewritten uniqueid).
   */
  List<CallRow> findByLead(CallTable table, long leadId, String callDate);

  /**
   * For calls VICIdial still shows in wrap-up (DISPO and the like): the disposition their agent has
   * already submitted, by row id; the calls it knows nothing of are absent.
   */
  Map<String, String> agentDispositions(List<CallRow> inWrapup);
}
