package io.vicisync.engine;

import io.vicisync.source.CallRow;

/**
 * What the core tells the world as it works. The core decides and counts; how an event is shown
 * (the log's lines, privacy masking, a dry run's listing) is its listeners' business.
 */
public interface Events {
  /** The receiver acknowledged {@code row}, posted as {@code postedAs}; a re-send if it had it. */
  void delivered(CallRow row, String postedAs, boolean resend);

  /** The receiver refused {@code row} for good; it is kept as a dead letter. */
  void refused(CallRow row, String postedAs, int status, String answer);

  /**
   * {@code row} changed after the receiver acknowledged it and is not posted again; {@code why}
   * says what keeps it back.
   */
  void changedAfterDelivery(CallRow row, String postedAs, String why);

  /** A dry run would post {@code row}. */
  void wouldSend(CallRow row, String postedAs, boolean resend);

  /** Something worth a line in the log. */
  void notice(String line);

  /** Something an administrator should see: the log, and stderr (cron mails it). */
  void warning(String line);

  /** Why the command stops. */
  void failure(String line);
}
