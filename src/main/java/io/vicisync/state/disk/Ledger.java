package io.vicisync.state.disk;

import io.vicisync.VicisyncException;
import io.vicisync.state.SentLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the receiver has acknowledged (or refused for good), so that an unchanged call is never
 * posted twice: the receiver counts every post.
 *
 * <p>On disk: one segment a UTC day (of sending) under {@code ledger/}, each an append-only run of
 * 24-byte records {@code (uniqueid hash, fingerprint, end_epoch, sent_at)}. The fingerprint's top
 * bit says the call was dead-lettered; sent_at's says its phoneNumber was its DID (records written
 * before DIDs were sent have it clear, which is what they sent: the customer's number). A record is
 * written the moment its post is acknowledged, so a killed run re-sends at most the posts still in
 * flight. A torn last record is cut off on open. Pruning deletes whole segments past the retention.
 *
 * <p>In memory: the records of calls that ended within a window of time, loaded on demand. A poll
 * meets only recent calls, so its window is a few hours of today's segment; a backfill walks
 * months, so its window slides along with it and memory stays bounded by a few hours of traffic. A
 * call is looked up by its uniqueid and its end_epoch, which says which window holds it.
 */
public final class Ledger implements SentLedger, AutoCloseable {
  public static final int RECORD = LedgerSegments.RECORD;
  private static final long DEAD_BIT = Long.MIN_VALUE;
  private static final int DID_BIT = Integer.MIN_VALUE;

  /** Loaded beyond a window's edges, so a call whose end_epoch moved a little is still found. */
  private static final long MARGIN = 3600;

  /** How far a telephony server's clock may run ahead of the database's. */
  private static final long SKEW = 3600;

  /** Half the longest window a poll preloads: its overlap, the watched calls, a DST hour. */
  private static final long SPAN = 6 * 3600;

  /** How far past a poll's window a preload reaches. */
  private static final long AHEAD = 3600;

  /**
   * At most this many calls are held in memory (about 10 MB): a ledger this small is held whole
   * once a window is missed, and a map that grows past it is dropped and reloaded as a window.
   */
  private static final int MAX_HELD = 300_000;

  private final LedgerSegments disk;
  private final long oldestKeptEpoch;
  private LedgerMap map = new LedgerMap(1 << 10);
  private long lo = Long.MAX_VALUE;
  private long hi = Long.MIN_VALUE;
  private int loads;

  /**
   * Records acknowledged but not yet on disk (it was full): held, and written before anything
   * newer, so that a process that goes on (follow) never posts those calls again.
   */
  private final ArrayDeque<long[]> unwritten = new ArrayDeque<>();

  /** Records per hour of end_epoch, counted on the first miss of a ledger too big to hold. */
  private TreeMap<Long, Long> endHours;

  private Ledger(LedgerSegments disk, long oldestKeptEpoch) {
    this.disk = disk;
    this.oldestKeptEpoch = oldestKeptEpoch;
  }

  /**
   * Opens the ledger under {@code stateDir} and deletes the segments older than the retention.
   * Read-only (for a dry run or a report) creates, truncates and deletes nothing.
   */
  /** {@code dir}: where {@link StateDir#ledger} says. */
  static Ledger openDir(Path dir, long nowEpoch, int retentionDays, boolean readOnly) {
    LocalDate oldestKept = LedgerSegments.day(nowEpoch).minusDays(retentionDays);
    Ledger l =
        new Ledger(
            new LedgerSegments(dir, readOnly),
            oldestKept.atStartOfDay(ZoneOffset.UTC).toEpochSecond());
    try {
      l.disk.prune(oldestKept);
    } catch (IOException e) {
      throw l.unreadable(e);
    }
    return l;
  }

  /** Files in the ledger directory that are not ledger segments: ignored, worth one log line. */
  public synchronized Set<String> strays() {
    try {
      disk.list();
    } catch (IOException e) {
      throw unreadable(e);
    }
    return disk.strays();
  }

  /** Where the segments are. */
  public Path dir() {
    return disk.dir();
  }

  /** Loads the calls that ended between {@code fromEnd} and {@code toEnd} (capped at 12 hours). */
  @Override
  public synchronized void preload(long fromEnd, long toEnd) {
    if (fromEnd >= lo && toEnd <= hi) {
      return; // a resident process polls every few seconds: its window is already held
    }
    // an hour ahead, so that a window sliding with the clock is read once an hour, not every poll;
    // each read starts a new map, which is how calls that fell out of the window are let go
    load(fromEnd, Math.min(toEnd + AHEAD, fromEnd + 2 * SPAN));
  }

  /** Null when no post of this uniqueid is on record. */
  @Override
  public synchronized Entry lookup(String uniqueid, long endEpoch) {
    if (endEpoch < lo || endEpoch > hi) {
      loadAround(endEpoch);
    }
    int at = map.find(hash(uniqueid));
    if (at < 0) {
      return null;
    }
    long w = map.word(at);
    return new Entry(w & ~DEAD_BIT, (w & DEAD_BIT) != 0, (map.sentAt(at) & DID_BIT) != 0);
  }

  /**
   * After a miss: the whole ledger if it fits, else the widest window from just before {@code end}
   * that does, judged by a count of the records per hour of end_epoch (read once), so that a
   * backfill walking months reloads a few times, not once every few hours.
   */
  private void loadAround(long end) {
    try {
      if (disk.records() <= MAX_HELD) {
        load(Long.MIN_VALUE / 4, Long.MAX_VALUE / 4);
        return;
      }
      if (endHours == null) {
        endHours = new TreeMap<>();
        for (Path seg : disk.list()) {
          LedgerSegments.read(seg, (key, fp, e, sent) -> endHours.merge(e / 3600, 1L, Long::sum));
        }
      }
      long from = end - MARGIN;
      long to = Long.MAX_VALUE / 4;
      long held = 0;
      for (Map.Entry<Long, Long> h : endHours.tailMap((from - MARGIN) / 3600).entrySet()) {
        if (held + h.getValue() > MAX_HELD * 3L / 4 && h.getKey() * 3600 > end) {
          to = h.getKey() * 3600 - 1 - MARGIN; // margins and new records fit in the last quarter
          break;
        }
        held += h.getValue();
      }
      load(from, Math.max(to, end));
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private void load(long from, long to) {
    loads++;
    LedgerMap m = new LedgerMap(1 << 10);
    try {
      // a call is sent after it ends, give or take a fast clock: older segments cannot hold it
      LocalDate firstDay = LedgerSegments.day(Math.max(0, from - MARGIN - SKEW));
      long min = from - MARGIN;
      long max = to + MARGIN;
      for (Path seg : disk.list()) {
        if (!LedgerSegments.dayOf(seg).isBefore(firstDay)) {
          LedgerSegments.read(
              seg,
              (key, fp, end, sent) -> {
                if (end >= min && end <= max) {
                  m.put(key, fp, sent);
                }
              });
        }
      }
    } catch (IOException e) {
      throw unreadable(e);
    }
    map = m;
    lo = from;
    hi = to;
  }

  /** Records a settled post; it is in the OS's hands (safe from kill -9) when this returns. */
  @Override
  public synchronized void record(
      String uniqueid,
      long fingerprint,
      boolean deadLettered,
      boolean withDid,
      long endEpoch,
      long sentAtEpoch) {
    long key = hash(uniqueid);
    long word = (fingerprint & ~DEAD_BIT) | (deadLettered ? DEAD_BIT : 0L);
    // 31 bits of seconds last until 2038, as the checkpoint's cursor does
    int sent = ((int) sentAtEpoch & ~DID_BIT) | (withDid ? DID_BIT : 0);
    if (endHours != null) {
      endHours.merge(endEpoch / 3600, 1L, Long::sum);
    }
    if (endEpoch >= lo - MARGIN && endEpoch <= hi + MARGIN) {
      map.put(key, word, sent);
      if (map.size() > MAX_HELD) {
        // a backfill sending months into a ledger held whole: from now on, a window at a time
        map = new LedgerMap(1 << 10);
        lo = Long.MAX_VALUE;
        hi = Long.MIN_VALUE;
      }
    }
    if (disk.readOnly()) {
      return;
    }
    unwritten.add(new long[] {key, word, endEpoch, sentAtEpoch, sent});
    writeUnwritten();
  }

  private void writeUnwritten() {
    try {
      while (!unwritten.isEmpty()) {
        long[] r = unwritten.peek();
        disk.append(r[0], r[1], r[2], r[3], (int) r[4]);
        unwritten.remove();
      }
    } catch (IOException e) {
      throw VicisyncException.unwritable(disk.dir(), e);
    }
  }

  /** Acknowledged records a full disk has not taken yet: lost if this ledger is let go. */
  public synchronized boolean holdsUnwritten() {
    return !unwritten.isEmpty();
  }

  /** Makes every record so far durable against power loss; called before each checkpoint. */
  @Override
  public synchronized void sync() {
    writeUnwritten();
    disk.sync();
  }

  /** Calls held in memory now. */
  public synchronized int size() {
    return map.size();
  }

  /** How many times a window was read from disk. */
  public synchronized int loads() {
    return loads;
  }

  /**
   * The first moment the ledger can speak for: calls sent before it were pruned (or vicisync did
   * not run yet), so the ledger cannot tell whether they were delivered.
   */
  @Override
  public long memoryStartsEpoch() {
    try {
      List<Path> segs = disk.list();
      long first =
          segs.isEmpty()
              ? Long.MAX_VALUE
              : LedgerSegments.dayOf(segs.get(0)).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
      return Math.max(first, oldestKeptEpoch);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private VicisyncException unreadable(IOException e) {
    return VicisyncException.config(
        "cannot read the sent ledger in " + disk.dir() + " (" + e + "); check its permissions");
  }

  /** 64 bits of SHA-256: collisions are out of reach for a few million calls. */
  static long hash(String s) {
    return Fingerprints.sha256Long(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void close() {
    disk.close();
  }
}
