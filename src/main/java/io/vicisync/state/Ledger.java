package io.vicisync.state;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What the receiver has acknowledged (or refused for good), so that an unchanged call is never
 * posted twice: the receiver counts every post.
 *
 * <p>On disk: one segment a UTC day (of sending) under {@code ledger/}, each an append-only run of
 * 24-byte records {@code (uniqueid hash, fingerprint, end_epoch, sent_at)}. A record is written the
 * moment its post is acknowledged, so a killed run re-sends at most the posts still in flight. A
 * torn last record is cut off on open. Pruning deletes whole segments past the retention.
 *
 * <p>In memory: the records of calls that ended within a window of time, loaded on demand. A poll
 * meets only recent calls, so its window is a few hours of today's segment; a backfill walks
 * months, so its window slides along with it and memory stays bounded by a few hours of traffic.
 * A call is looked up by its uniqueid and its end_epoch, which says which window holds it.
 */
public final class Ledger implements AutoCloseable {
  public static final int RECORD = 24;
  private static final long DEAD_BIT = Long.MIN_VALUE;
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  /** Loaded beyond a window's edges, so a call whose end_epoch moved a little is still found. */
  private static final long MARGIN = 3600;
  /** How far a telephony server's clock may run ahead of the database's. */
  private static final long SKEW = 3600;
  /** A window loaded on demand: from an hour before the call's end to this long after. */
  private static final long SPAN = 6 * 3600;
  /**
   * At most this many calls are held in memory (about 10 MB): a ledger this small is held whole
   * once a window is missed, and a map that grows past it is dropped and reloaded as a window.
   */
  private static final int MAX_HELD = 300_000;

  private final Path dir;
  private final boolean readOnly;
  private final long oldestKeptEpoch;
  private LedgerMap map = new LedgerMap(1 << 10);
  private long lo = Long.MAX_VALUE;
  private long hi = Long.MIN_VALUE;
  private int loads;
  private FileChannel segment;
  private LocalDate segmentDay;

  /** What the ledger says of one uniqueid. */
  public record Entry(long fingerprint, boolean deadLettered) {}

  private Ledger(Path dir, boolean readOnly, long oldestKeptEpoch) {
    this.dir = dir;
    this.readOnly = readOnly;
    this.oldestKeptEpoch = oldestKeptEpoch;
  }

  /**
   * Opens the ledger under {@code stateDir} and deletes the segments older than the retention.
   * Read-only (for a dry run or a report) creates, truncates and deletes nothing.
   */
  public static Ledger open(Path stateDir, long nowEpoch, int retentionDays, boolean readOnly) {
    LocalDate oldestKept = day(nowEpoch).minusDays(retentionDays);
    Ledger l = new Ledger(stateDir.resolve("ledger"), readOnly,
        oldestKept.atStartOfDay(ZoneOffset.UTC).toEpochSecond());
    try {
      l.prune(oldestKept);
    } catch (IOException e) {
      throw l.unreadable(e);
    }
    return l;
  }

  private void prune(LocalDate oldestKept) throws IOException {
    if (!Files.isDirectory(dir)) {
      if (!readOnly) {
        Files.createDirectories(dir);
      }
      return;
    }
    if (readOnly) {
      return;
    }
    for (Path seg : segments()) {
      long size = Files.size(seg);
      if (dayOf(seg).isBefore(oldestKept)) {
        Files.delete(seg);
      } else if (size % RECORD != 0) {
        // the last append was cut short by a crash: its post was never settled, so drop it
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
          ch.truncate(size - size % RECORD);
        }
      }
    }
  }

  /** Loads the calls that ended between {@code fromEnd} and {@code toEnd} (capped at 12 hours). */
  public synchronized void preload(long fromEnd, long toEnd) {
    load(fromEnd, Math.min(toEnd, fromEnd + 2 * SPAN), false);
  }

  /** Null when no post of this uniqueid is on record. */
  public synchronized Entry lookup(String uniqueid, long endEpoch) {
    if (endEpoch < lo || endEpoch > hi) {
      load(endEpoch - MARGIN, endEpoch + SPAN, true);
    }
    long w = map.get(hash(uniqueid));
    return w == 0L ? null : new Entry(w & ~DEAD_BIT, (w & DEAD_BIT) != 0);
  }

  private void load(long from, long to, boolean wholeIfSmall) {
    loads++;
    map = new LedgerMap(1 << 10);
    try {
      List<Path> segs = segments();
      long records = 0;
      for (Path seg : segs) {
        records += Files.size(seg) / RECORD;
      }
      if (wholeIfSmall && records <= MAX_HELD) {
        from = Long.MIN_VALUE / 4;
        to = Long.MAX_VALUE / 4;
      }
      // a call is sent after it ends, give or take a fast clock: older segments cannot hold it
      LocalDate firstDay = day(Math.max(0, from - MARGIN - SKEW));
      for (Path seg : segs) {
        if (!dayOf(seg).isBefore(firstDay)) {
          readSegment(seg, from - MARGIN, to + MARGIN);
        }
      }
    } catch (IOException e) {
      throw unreadable(e);
    }
    lo = from;
    hi = to;
  }

  private List<Path> segments() throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "[0-9]*.led")) {
      ds.forEach(out::add);
    }
    out.sort(null);
    return out;
  }

  private void readSegment(Path seg, long fromEnd, long toEnd) throws IOException {
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ)) {
      long whole = ch.size() - ch.size() % RECORD;
      ByteBuffer buf = ByteBuffer.allocate(RECORD * 4096);
      long pos = 0;
      while (pos < whole) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), whole - pos));
        int n = ch.read(buf, pos);
        if (n <= 0) {
          break;
        }
        pos += n;
        buf.flip();
        while (buf.remaining() >= RECORD) {
          long key = buf.getLong();
          long fp = buf.getLong();
          long end = Integer.toUnsignedLong(buf.getInt());
          int sent = buf.getInt();
          if (end >= fromEnd && end <= toEnd) {
            map.put(key, fp, sent);
          }
        }
      }
    }
  }

  /** Records a settled post; it is in the OS's hands (safe from kill -9) when this returns. */
  public synchronized void record(
      String uniqueid, long fingerprint, boolean deadLettered, long endEpoch, long sentAtEpoch) {
    long key = hash(uniqueid);
    long word = (fingerprint & ~DEAD_BIT) | (deadLettered ? DEAD_BIT : 0L);
    if (endEpoch >= lo - MARGIN && endEpoch <= hi + MARGIN) {
      map.put(key, word, (int) sentAtEpoch);
      if (map.size() > MAX_HELD) {
        // a backfill sending months into a ledger held whole: from now on, a window at a time
        map = new LedgerMap(1 << 10);
        lo = Long.MAX_VALUE;
        hi = Long.MIN_VALUE;
      }
    }
    if (readOnly) {
      return;
    }
    try {
      FileChannel ch = segmentFor(sentAtEpoch);
      ByteBuffer buf = ByteBuffer.allocate(RECORD);
      buf.putLong(key).putLong(word).putInt((int) endEpoch).putInt((int) sentAtEpoch).flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    } catch (IOException e) {
      throw VicisyncException.config(
          "cannot append to the sent ledger in " + dir + " (" + e + "); check free space");
    }
  }

  /** Makes every record so far durable against power loss; called before each checkpoint. */
  public synchronized void sync() {
    if (segment != null) {
      try {
        segment.force(false);
      } catch (IOException e) {
        throw VicisyncException.config("cannot sync the sent ledger in " + dir + " (" + e + ")");
      }
    }
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
  public long memoryStartsEpoch() {
    try {
      List<Path> segs = segments();
      long first = segs.isEmpty() ? Long.MAX_VALUE
          : dayOf(segs.get(0)).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
      return Math.max(first, oldestKeptEpoch);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private FileChannel segmentFor(long epoch) throws IOException {
    LocalDate d = day(epoch);
    if (segment == null || !d.equals(segmentDay)) {
      if (segment != null) {
        segment.force(false);
        segment.close();
      }
      Files.createDirectories(dir);
      segment =
          FileChannel.open(dir.resolve(DAY.format(d) + ".led"), StandardOpenOption.CREATE,
              StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      segmentDay = d;
    }
    return segment;
  }

  private VicisyncException unreadable(IOException e) {
    return VicisyncException.config(
        "cannot read the sent ledger in " + dir + " (" + e + "); check its permissions");
  }

  private static LocalDate dayOf(Path seg) {
    return LocalDate.parse(seg.getFileName().toString().substring(0, 8), DAY);
  }

  private static LocalDate day(long epoch) {
    return LocalDate.ofInstant(Instant.ofEpochSecond(epoch), ZoneOffset.UTC);
  }

  /** 64 bits of SHA-256: collisions are out of reach for a few million calls. */
  static long hash(String s) {
    return Fingerprints.sha256Long(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void close() {
    if (segment != null) {
      try {
        segment.force(false);
        segment.close();
      } catch (IOException ignored) {
        // records were already written; only the final fsync could be lost
      }
      segment = null;
    }
  }
}
