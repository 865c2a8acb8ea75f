package io.vicisync.source;

/**
 * Which of a call source's tables a walk over a whole range is reading: the archive first (the
 * calls the live table does not hold), then the live table. A backfill saves it to resume.
 */
public enum ScanPhase {
  ARCHIVE(0),
  LIVE(1);

  private final int number;

  ScanPhase(int number) {
    this.number = number;
  }

  /**
   * The phase a saved backfill names by its table's number; a number past the last (a backfill an
   * older version saved, live first) resumes in the live table, the ledger keeping anything from
   * being posted twice.
   */
  public static ScanPhase saved(int table) {
    return table <= 0 ? ARCHIVE : LIVE;
  }

  /** The number a backfill saves for it. */
  public int number() {
    return number;
  }
}
