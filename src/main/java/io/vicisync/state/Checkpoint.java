package io.vicisync.state;

import java.util.List;

/**
 * Where the sync stands. Written atomically after every batch.
 *
 * @param cursorEpoch DB epoch up to which every call_date has been scanned; the next poll starts
 *     {@code overlap} seconds before it
 * @param cursorLocal the same moment as VICIdial's local time, for people reading the file
 * @param scan an unfinished poll, resumed where it stopped; null between polls
 * @param newestDeliveredEnd the latest end_epoch the receiver acknowledged (for lag)
 * @param full the last pass that re-read the whole overlap; null before one (or before version 0.9,
 *     which re-read it every pass)
 */
public record Checkpoint(
    int version,
    long cursorEpoch,
    String cursorLocal,
    ScanProgress scan,
    List<WatchEntry> watch,
    List<Alias> aliases,
    long newestDeliveredEnd,
    FullReread full) {

  public static final int VERSION = 1;

  /**
   * A pass that re-read the whole overlap: the next such pass reads from {@code from} less the
   * overlap, so that a row written late by up to the overlap is found however many short passes
   * came between.
   *
   * @param fromEpoch the cursor when that pass began
   * @param fromLocal the same, as VICIdial's local time
   * @param atEpoch when it began, by the database's clock
   */
  public record FullReread(long fromEpoch, String fromLocal, long atEpoch) {}

  /**
   * Where the next whole re-read starts being behind: the cursor of the last whole re-read, or the
   * cursor itself before any (epoch).
   */
  public long rereadBaseEpoch() {
    return full == null ? cursorEpoch : Math.min(full.fromEpoch(), cursorEpoch);
  }

  /** {@link #rereadBaseEpoch} as VICIdial's local time (call_date). */
  public String rereadBaseLocal() {
    String settled = settledUpTo();
    return full == null || full.fromLocal() == null || full.fromLocal().compareTo(settled) >= 0
        ? settled
        : full.fromLocal();
  }

  /**
   * A poll in progress: its range and the last {@code (call_date, uniqueid)} whose calls, and all
   * before it, are settled. {@code afterUniqueid} null means the whole of that second; {@code
   * afterCallDate} null means nothing of the range is settled yet.
   */
  public record ScanProgress(
      String lowerLocal,
      String upperLocal,
      long upperEpoch,
      String afterCallDate,
      String afterUniqueid) {}

  /** The call_date up to which everything is settled: where the next run reads from. */
  public String settledUpTo() {
    if (scan == null) {
      return cursorLocal;
    }
    return scan.afterCallDate() != null ? scan.afterCallDate() : scan.lowerLocal();
  }
}
