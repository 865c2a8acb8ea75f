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
 */
public record Checkpoint(
    int version,
    long cursorEpoch,
    String cursorLocal,
    ScanProgress scan,
    List<WatchEntry> watch,
    List<Alias> aliases,
    long newestDeliveredEnd) {

  public static final int VERSION = 1;

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
