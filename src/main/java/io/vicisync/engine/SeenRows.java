package io.vicisync.engine;

import io.vicisync.source.CallRow;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The final rows a resident process has seen settled (delivered, refused, or found unchanged in the
 * ledger), by a 64-bit hash of everything in them. A poll that re-reads the overlap skips such a
 * row when it comes back identical, without encoding it or asking the ledger: an idle minute then
 * costs little more than the rows' reading. A row not here, or changed in any field, takes the
 * ordinary path, so a miss is never wrong; only rows read by the scan again are kept.
 */
public final class SeenRows {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /** uniqueid → {content hash, end_epoch}. */
  private final Map<String, long[]> rows = new ConcurrentHashMap<>();

  /** True when {@code row}, to be posted as {@code postedAs}, was settled exactly as it is. */
  boolean unchanged(CallRow row, String postedAs) {
    long[] e = rows.get(row.uniqueid());
    return e != null && e[0] == hash(row, postedAs);
  }

  void settled(CallRow row, String postedAs) {
    long end = row.endEpoch() == null ? 0 : row.endEpoch();
    rows.put(row.uniqueid(), new long[] {hash(row, postedAs), end});
  }

  /**
   * Lets go of the rows that ended before {@code endEpoch}: their call_date is older still, so no
   * scan from there on reads them again.
   */
  void prune(long endEpoch) {
    rows.values().removeIf(e -> e[1] < endEpoch);
  }

  public int size() {
    return rows.size();
  }

  /** FNV-1a over every field, each followed by a separator that no field's text can fake. */
  static long hash(CallRow r, String postedAs) {
    long h = FNV_OFFSET;
    for (Object f :
        new Object[] {
          postedAs,
          r.uniqueid(),
          r.leadId(),
          r.listId(),
          r.campaignId(),
          r.callDate(),
          r.startEpoch(),
          r.endEpoch(),
          r.lengthInSec(),
          r.status(),
          r.phoneCode(),
          r.phoneNumber(),
          r.user(),
          r.comments(),
          r.userGroup(),
          r.termReason(),
          r.altDial(),
          r.calledCount(),
          r.callUniqueid()
        }) {
      String s = f == null ? "\u0000null" : f.toString();
      for (int i = 0; i < s.length(); i++) {
        h = (h ^ s.charAt(i)) * FNV_PRIME;
      }
      h = (h ^ 0xFFFF) * FNV_PRIME; // U+FFFF is a noncharacter: the end of a field
    }
    return h;
  }
}
