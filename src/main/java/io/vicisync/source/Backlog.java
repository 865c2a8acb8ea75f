package io.vicisync.source;

/**
 * Finished, settled calls with a final status that the run has not reached yet.
 *
 * @param calls how many among the first {@link #CAP} rows past the cursor
 * @param capped counting stopped at the cap: there are at least {@code calls}
 * @param oldestEnd the earliest end_epoch among them; 0 when there are none
 */
public record Backlog(long calls, boolean capped, long oldestEnd) {
  /** Counting stops after this many rows: the dialer is writing the table meanwhile. */
  public static final int CAP = 100_000;
}
