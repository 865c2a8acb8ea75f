package io.vicisync.engine;

/**
 * How far behind the cursor a run reads again. VICIdial writes some rows late (an unanswered dial
 * at hang-up, with the call_date of the dial): a pass reads the last {@code shortSeconds} behind
 * the cursor, and every {@code fullEverySeconds} the whole overlap, from the cursor of the previous
 * whole re-read less the overlap, so that a row late by up to the overlap is found whatever ran in
 * between. Most passes then read a minute and a half of calls, not ten minutes of them.
 *
 * @param shortSeconds behind the cursor on most passes (at most the overlap)
 * @param fullEverySeconds how often, by the database's clock, a pass re-reads the whole overlap
 */
public record Reread(long shortSeconds, long fullEverySeconds) {
  /** Every pass re-reads the whole overlap: a dry run, and any caller that asks nothing else. */
  public static final Reread WHOLE = new Reread(Long.MAX_VALUE, 0);

  /** Cron's minute run: the whole overlap once in ten minutes. */
  public static final Reread CRON = new Reread(90, 600);

  /** follow, polling every few seconds: the whole overlap once a minute. */
  public static final Reread FOLLOW = new Reread(90, 60);
}
