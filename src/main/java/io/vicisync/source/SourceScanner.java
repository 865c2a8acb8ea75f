package io.vicisync.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks a range of one call source's calls wherever VICIdial keeps them: its archive (where
 * ADMIN_archive_log_tables.pl moves them), then the live table. The archiver copies recent rows too
 * and keeps its first copy, which goes stale when an agent or admin re-dispositions the call: where
 * the live table holds a call, the live row is the one read, so each call is read once.
 *
 * <p>A run ({@link #of}) reads the archive only below the live table's oldest {@code call_date},
 * which is what the archiver's own cutoff moves, as one keyset walk. A backfill or reconcile
 * ({@link #whole}) reads all of the range in the archive, leaving out the calls the live table
 * holds, then the live table: the two {@link ScanPhase}s, which a backfill saves to resume.
 */
public final class SourceScanner {
  private final CallScanner archive;
  private final CallScanner live;
  private final CallReader reader;
  private final CallTable liveTable;
  private final boolean liveWins;

  private SourceScanner(CallScanner archive, CallScanner live) {
    this(archive, live, null, null, false);
  }

  private SourceScanner(
      CallScanner archive,
      CallScanner live,
      CallReader reader,
      CallTable liveTable,
      boolean liveWins) {
    this.archive = archive;
    this.live = live;
    this.reader = reader;
    this.liveTable = liveTable;
    this.liveWins = liveWins;
  }

  /** All of the range, archive first then live; {@code start} is a position in {@code phase}. */
  public static SourceScanner whole(
      CallReader reader,
      CallSource source,
      ScanRange range,
      ScanPhase phase,
      ScanKey start,
      int batchSize) {
    boolean archived = phase == ScanPhase.ARCHIVE && reader.exists(source.archive());
    return new SourceScanner(
        archived ? new CallScanner(reader, source.archive(), range, start, batchSize) : null,
        new CallScanner(
            reader,
            source.table(),
            range,
            archived || phase == ScanPhase.ARCHIVE ? null : start,
            batchSize),
        reader,
        source.table(),
        true);
  }

  /**
   * For {@link #whole}: the archive while it is read, then the live table. A run's walk ({@link
   * #of}) is one keyset order across both tables, and stays in {@link ScanPhase#LIVE}.
   */
  public ScanPhase phase() {
    return liveWins && archive != null && !archive.done() ? ScanPhase.ARCHIVE : ScanPhase.LIVE;
  }

  /** Calls by uniqueid this many at a time: one short primary-key query each. */
  private static final int FIND_CHUNK = 500;

  /**
   * The calls of {@code uniqueids} wherever VICIdial has them now: the live table, and those gone
   * from it in the archive, where the archiver may have moved them.
   */
  public static Map<String, CallRow> find(
      CallReader reader, CallSource source, List<String> uniqueids) {
    Map<String, CallRow> found = new HashMap<>();
    Boolean archived = null; // asked once, and only when a call is missing from the live table
    for (int i = 0; i < uniqueids.size(); i += FIND_CHUNK) {
      List<String> chunk = uniqueids.subList(i, Math.min(uniqueids.size(), i + FIND_CHUNK));
      found.putAll(reader.findByUniqueid(source.table(), chunk));
      List<String> gone = chunk.stream().filter(id -> !found.containsKey(id)).toList();
      if (!gone.isEmpty() && archived == null) {
        archived = reader.exists(source.archive());
      }
      if (!gone.isEmpty() && archived) {
        found.putAll(reader.findByUniqueid(source.archive(), gone));
      }
    }
    return found;
  }

  /** {@code start}: the position to resume after, or null to read from the range's start. */
  public static SourceScanner of(
      CallReader reader, CallSource source, ScanRange range, ScanKey start, int batchSize) {
    String below = archiveUpTo(reader, source, range);
    if (below == null || (start != null && start.callDate().compareTo(below) > 0)) {
      return new SourceScanner(
          null, new CallScanner(reader, source.table(), range, start, batchSize));
    }
    return new SourceScanner(
        new CallScanner(
            reader,
            source.archive(),
            new ScanRange(range.lowerLocal(), below, range.upperEpoch()),
            start,
            batchSize),
        new CallScanner(reader, source.table(), range, ScanKey.wholeSecond(below), batchSize));
  }

  /**
   * The last call_date of the range to read from the archive: the second before the live table's
   * oldest call (all of the range when the live table is empty); null when the range needs none or
   * there is no archive yet.
   */
  static String archiveUpTo(CallReader reader, CallSource source, ScanRange range) {
    Optional<String> oldest = reader.oldest(source.table());
    if (oldest.isPresent() && oldest.get().compareTo(range.lowerLocal()) <= 0) {
      return null; // the live table reaches back past the range: the common case, one query
    }
    if (!reader.exists(source.archive())) {
      return null;
    }
    String before = oldest.map(o -> CallDates.plusSeconds(o, -1)).orElse(range.upperLocal());
    return before.compareTo(range.upperLocal()) < 0 ? before : range.upperLocal();
  }

  /** Each COUNT covers this much call_date: a long one would hold the MyISAM table's lock. */
  private static final long COUNT_CHUNK_SECONDS = 6 * 3600;

  /** How many calls the range holds, each counted once (for a progress total). */
  public static long count(CallReader reader, CallSource source, String lower, String upper) {
    String below = archiveUpTo(reader, source, new ScanRange(lower, upper, 0));
    long n = count(reader, source.table(), lower, upper);
    return below == null ? n : n + count(reader, source.archive(), lower, below);
  }

  private static long count(CallReader reader, CallTable table, String lower, String upper) {
    long n = 0;
    String from = lower;
    while (from.compareTo(upper) <= 0) {
      String to = CallDates.plusSeconds(from, COUNT_CHUNK_SECONDS - 1);
      n += reader.count(table, from, to.compareTo(upper) > 0 ? upper : to);
      from = CallDates.plusSeconds(to, 1);
    }
    return n;
  }

  public boolean done() {
    return (archive == null || archive.done()) && live.done();
  }

  /** The position up to which every call of the range has been returned. */
  public ScanKey position() {
    return archive != null && !archive.done() ? archive.position() : live.position();
  }

  /** The next calls in scan order; empty once the range is exhausted. */
  public List<CallRow> next() {
    if (archive != null && !archive.done()) {
      List<CallRow> rows = archive.next();
      if (liveWins && !rows.isEmpty()) {
        Set<String> live =
            reader
                .findByUniqueid(liveTable, rows.stream().map(CallRow::uniqueid).toList())
                .keySet();
        rows = rows.stream().filter(r -> !live.contains(r.uniqueid())).toList();
      }
      if (!rows.isEmpty() || !archive.done()) {
        return rows;
      }
    }
    return live.next();
  }
}
