package io.vicisync.state.disk;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sent ledger on disk: one append-only segment a UTC day of sending, {@code YYYYMMDD.led}, each
 * a run of 24-byte records {@code (uniqueid hash, fingerprint word, end_epoch, sent_at)}. Retention
 * deletes whole segments; a record torn by a crash is cut off when opened for writing.
 */
final class LedgerSegments implements AutoCloseable {
  static final int RECORD = 24;
  static final DateTimeFormatter DAY_FORMAT = DateTimeFormatter.BASIC_ISO_DATE;

  private final Path dir;
  private final boolean readOnly;
  private final Set<String> strays = new TreeSet<>();
  private FileChannel open;
  private boolean dirty;
  private LocalDate openDay;

  /** One record: {@code (uniqueid hash, fingerprint word, end_epoch, sent_at)}. */
  interface Visitor {
    void visit(long key, long fingerprint, long endEpoch, int sentAt);
  }

  LedgerSegments(Path dir, boolean readOnly) {
    this.dir = dir;
    this.readOnly = readOnly;
  }

  Path dir() {
    return dir;
  }

  boolean readOnly() {
    return readOnly;
  }

  /** Deletes segments older than {@code oldestKept} and cuts torn records off the others. */
  void prune(LocalDate oldestKept) throws IOException {
    if (readOnly) {
      return;
    }
    SafeFiles.directory(dir, "the sent ledger");
    for (Path seg : list()) {
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

  /**
   * The segments, oldest first. Anything else in the directory (an editor's backup, a copy named by
   * hand) is left alone and named once in {@link #strays()}.
   */
  List<Path> list() throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (isSegment(p)) {
          out.add(p);
        } else if (!p.getFileName().toString().startsWith(".")) {
          strays.add(p.getFileName().toString());
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** Files in the ledger directory that are not segments, seen so far. */
  Set<String> strays() {
    return strays;
  }

  private static boolean isSegment(Path p) {
    String name = p.getFileName().toString();
    if (!name.matches("\\d{8}\\.led") || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try {
      dayOf(p);
      return true;
    } catch (DateTimeException notADate) {
      return false;
    }
  }

  long records() throws IOException {
    long n = 0;
    for (Path seg : list()) {
      n += Files.size(seg) / RECORD;
    }
    return n;
  }

  static void read(Path seg, Visitor v) throws IOException {
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
          v.visit(buf.getLong(), buf.getLong(), Integer.toUnsignedLong(buf.getInt()), buf.getInt());
        }
      }
    }
  }

  /**
   * {@code sentWord}: sent_at as written, with its flag; the segment is {@code sentAtEpoch}'s day.
   */
  void append(long key, long word, long endEpoch, long sentAtEpoch, int sentWord)
      throws IOException {
    LocalDate d = day(sentAtEpoch);
    if (open == null || !d.equals(openDay)) {
      close();
      SafeFiles.directory(dir, "the sent ledger");
      open = SafeFiles.append(dir.resolve(DAY_FORMAT.format(d) + ".led"), SafeFiles.FILE);
      openDay = d;
    }
    ByteBuffer buf = ByteBuffer.allocate(RECORD);
    buf.putLong(key).putLong(word).putInt((int) endEpoch).putInt(sentWord).flip();
    long at = open.size();
    try {
      while (buf.hasRemaining()) {
        open.write(buf);
      }
    } catch (IOException e) {
      // a full disk may take part of a record: cut it off, so that the record written again
      // later starts on a record's boundary
      open.truncate(at);
      throw e;
    }
    dirty = true;
  }

  /** A resident process saves its checkpoint every few seconds: no fsync when nothing changed. */
  void sync() {
    if (open != null && dirty) {
      dirty = false;
      try {
        open.force(false);
      } catch (IOException e) {
        throw VicisyncException.unwritable(dir, e);
      }
    }
  }

  static LocalDate dayOf(Path seg) {
    return LocalDate.parse(seg.getFileName().toString().substring(0, 8), DAY_FORMAT);
  }

  static LocalDate day(long epoch) {
    return LocalDate.ofInstant(Instant.ofEpochSecond(epoch), ZoneOffset.UTC);
  }

  @Override
  public void close() {
    if (open != null) {
      try {
        open.force(false);
        open.close();
      } catch (IOException ignored) {
        // records were already written; only the final fsync could be lost
      }
      open = null;
    }
  }
}
