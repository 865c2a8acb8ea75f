package io.vicisync.source;

/**
 * Finished, settled calls with a final status that the run has not reached yet.
 *
 * @param calls how many, up to the cap
 * @param capped there are more than {@code calls}
 * @param oldestEnd the earliest end_epoch among them; 0 when there are none
 */
public record Backlog(long calls, boolean capped, long oldestEnd) {
  /** Counting stops here: the query must stay short on a table the dialer is writing. */
  public static final int CAP = 100_000;
}
