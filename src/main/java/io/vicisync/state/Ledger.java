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
 * <p>On disk: one segment a UTC day under {@code ledger/}, each an append-only run of 24-byte
 * records {@code (uniqueid hash, fingerprint, end_epoch, sent_at)}. A record is written the moment
 * its post is acknowledged, so a killed run re-sends at most the posts still in flight. A torn last
 * record is cut off on open. Pruning deletes whole segments past the retention.
 *
 * <p>In memory: only the records sent within {@code horizon} of now, the only ones a poll can meet
 * again (its overlap window, the watched calls, a DST hour).
 */
public final class Ledger implements AutoCloseable {
  static final int RECORD = 24;
  private static final long DEAD_BIT = Long.MIN_VALUE;
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final Path dir;
  private final boolean readOnly;
  private final LedgerMap map = new LedgerMap(1 << 14);
  private FileChannel segment;
  private LocalDate segmentDay;

  /** What the ledger says of one uniqueid. */
  public record Entry(long fingerprint, boolean deadLettered) {}

  private Ledger(Path dir, boolean readOnly) {
    this.dir = dir;
    this.readOnly = readOnly;
  }

  /**
   * Opens the ledger under {@code stateDir}, loading what was sent since {@code now - horizon}.
   * Read-only (for a dry run) creates, truncates and deletes nothing.
   */
  public static Ledger open(
      Path stateDir, long nowEpoch, long horizonSeconds, int retentionDays, boolean readOnly) {
    Ledger l = new Ledger(stateDir.resolve("ledger"), readOnly);
    try {
      l.load(nowEpoch, horizonSeconds, retentionDays);
    } catch (IOException e) {
      throw VicisyncException.config(
          "cannot read the sent ledger in " + l.dir + " (" + e + "); check its permissions");
    }
    return l;
  }

  private void load(long nowEpoch, long horizonSeconds, int retentionDays) throws IOException {
    if (!Files.isDirectory(dir)) {
      if (readOnly) {
        return;
      }
      Files.createDirectories(dir);
    }
    LocalDate today = day(nowEpoch);
    LocalDate firstNeeded = day(nowEpoch - horizonSeconds);
    LocalDate oldestKept = today.minusDays(retentionDays);
    for (Path seg : segments()) {
      LocalDate d = LocalDate.parse(seg.getFileName().toString().substring(0, 8), DAY);
      if (d.isBefore(oldestKept)) {
        if (!readOnly) {
          Files.delete(seg);
        }
      } else if (!d.isBefore(firstNeeded)) {
        readSegment(seg, nowEpoch - horizonSeconds);
      }
    }
  }

  private List<Path> segments() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "[0-9]*.led")) {
      ds.forEach(out::add);
    }
    out.sort(null);
    return out;
  }

  private void readSegment(Path seg, long since) throws IOException {
    try (FileChannel ch =
        FileChannel.open(seg, readOnly ? new StandardOpenOption[] {StandardOpenOption.READ}
            : new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE})) {
      long whole = ch.size() - ch.size() % RECORD;
      if (whole != ch.size() && !readOnly) {
        ch.truncate(whole); // the last append was cut short by a crash; its post was not settled
      }
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
          buf.getInt(); // end_epoch: kept for reconciliation, not needed to deduplicate
          int sent = buf.getInt();
          if (Integer.toUnsignedLong(sent) >= since) {
            map.put(key, fp, sent);
          }
        }
      }
    }
  }

  /** Null when this uniqueid was not sent within the horizon. */
  public synchronized Entry lookup(String uniqueid) {
    long w = map.get(hash(uniqueid));
    return w == 0L ? null : new Entry(w & ~DEAD_BIT, (w & DEAD_BIT) != 0);
  }

  /** Records a settled post; it is in the OS's hands (safe from kill -9) when this returns. */
  public synchronized void record(
      String uniqueid, long fingerprint, boolean deadLettered, long endEpoch, long sentAtEpoch) {
    long key = hash(uniqueid);
    long word = (fingerprint & ~DEAD_BIT) | (deadLettered ? DEAD_BIT : 0L);
    map.put(key, word, (int) sentAtEpoch);
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

  public synchronized int size() {
    return map.size();
  }

  private FileChannel segmentFor(long epoch) throws IOException {
    LocalDate d = day(epoch);
    if (segment == null || !d.equals(segmentDay)) {
      if (segment != null) {
        segment.force(false);
        segment.close();
      }
      segment =
          FileChannel.open(dir.resolve(DAY.format(d) + ".led"), StandardOpenOption.CREATE,
              StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      segmentDay = d;
    }
    return segment;
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
