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

  /**
   * The cursor behind which a pass read the short re-read window through to the database's now;
   * while the cursor stays there (an idle dialer), a short pass starts at the cursor: the window
   * was read, and what is written into it late is the whole re-read's (once a minute), as it was
   * before the cursor stayed at the newest call.
   */
  private volatile long windowReadBehind = Long.MIN_VALUE;

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

  /** Whether a pass read the short window behind {@code cursorEpoch} already. */
  boolean windowRead(long cursorEpoch) {
    return windowReadBehind == cursorEpoch;
  }

  void windowReadBehind(long cursorEpoch) {
    windowReadBehind = cursorEpoch;
  }

  public int size() {
    return rows.size();
  }

  /**
   * FNV-1a over every field: text char by char and numbers as they are, each field closed by a
   * marker (U+FFFF is a noncharacter, so no text can fake it) and null told apart from any value.
   * Nothing is allocated: a poll hashes thousands of rows a minute.
   */
  static long hash(CallRow r, String postedAs) {
    long h = FNV_OFFSET;
    h = text(h, postedAs);
    h = text(h, r.uniqueid());
    h = number(h, r.leadId());
    h = number(h, r.listId());
    h = text(h, r.campaignId());
    h = text(h, r.callDate());
    h = number(h, r.startEpoch());
    h = number(h, r.endEpoch());
    h = number(h, r.lengthInSec() == null ? null : r.lengthInSec().longValue());
    h = text(h, r.status());
    h = text(h, r.phoneCode());
    h = text(h, r.phoneNumber());
    h = text(h, r.user());
    h = text(h, r.comments());
    h = text(h, r.userGroup());
    h = text(h, r.termReason());
    h = text(h, r.altDial());
    h = number(h, r.calledCount() == null ? null : r.calledCount().longValue());
    return text(h, r.callUniqueid());
  }

  private static long text(long h, String s) {
    if (s == null) {
      return mix(mix(h, 0xFFFE), 0xFFFF);
    }
    for (int i = 0; i < s.length(); i++) {
      h = mix(h, s.charAt(i));
    }
    return mix(h, 0xFFFF);
  }

  private static long number(long h, Long v) {
    if (v == null) {
      return mix(mix(h, 0xFFFE), 0xFFFF);
    }
    long x = v;
    for (int i = 0; i < 4; i++) {
      h = mix(h, (int) (x >>> (16 * i)) & 0xFFFF);
    }
    return mix(h, 0xFFFF);
  }

  private static long mix(long h, int unit) {
    return (h ^ unit) * FNV_PRIME;
  }
}
