package io.vicisync.log;

import io.vicisync.Text;
import io.vicisync.engine.Events;
import io.vicisync.source.CallRow;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The core's events as the run log shows them: one line per call ({@code ✓}, {@code ↻}, {@code ✗}),
 * customer numbers masked in privacy mode; a dry run's calls listed on stdout.
 */
public final class LogEvents implements Events {
  private final RunLog log;
  private final Privacy privacy;
  private final Path deadLetters;
  private final PrintStream listing;
  private final boolean logFailures;

  private LogEvents(
      RunLog log, Privacy privacy, Path deadLetters, PrintStream listing, boolean logFailures) {
    this.log = log;
    this.privacy = privacy;
    this.deadLetters = deadLetters;
    this.listing = listing;
    this.logFailures = logFailures;
  }

  /** For commands that post: refused calls are kept in {@code deadLetters}. */
  public static LogEvents live(RunLog log, Privacy privacy, Path deadLetters) {
    // a live run posts instead: nothing is listed
    return new LogEvents(
        log, privacy, deadLetters, new PrintStream(OutputStream.nullOutputStream()), true);
  }

  /**
   * For {@code follow}: as {@link #live}, but why a poll stopped is not logged here; the loop says
   * it once when an outage starts and once when it ends, not every poll.
   */
  public static LogEvents follow(RunLog log, Privacy privacy, Path deadLetters) {
    return new LogEvents(
        log, privacy, deadLetters, new PrintStream(OutputStream.nullOutputStream()), false);
  }

  /** For a dry run: what would be sent is listed on {@code out}. */
  public static LogEvents dryRun(RunLog log, Privacy privacy, Path deadLetters, PrintStream out) {
    return new LogEvents(log, privacy, deadLetters, out, true);
  }

  @Override
  public void delivered(CallRow row, String postedAs, boolean resend) {
    log.info((resend ? "↻ " : "✓ ") + describe(row, postedAs));
  }

  @Override
  public void refused(CallRow row, String postedAs, int status, String answer) {
    log.warn(
        "✗ "
            + describe(row, postedAs)
            + " refused by the receiver: HTTP "
            + status
            + " "
            + answer
            + "; kept in "
            + deadLetters
            + ", the run goes on");
  }

  @Override
  public void changedAfterDelivery(CallRow row, String postedAs, String why) {
    log.info("≠ " + describe(row, postedAs) + " changed after delivery; not re-sent: " + why);
  }

  @Override
  public void wouldSend(CallRow row, String postedAs, boolean resend) {
    listing.println(
        Text.safe("would " + (resend ? "re-send" : "send   ") + " " + describe(row, postedAs)));
  }

  @Override
  public void notice(String line) {
    log.info(line);
  }

  @Override
  public void warning(String line) {
    log.warn(line);
  }

  @Override
  public void failure(String line) {
    if (logFailures) {
      log.error(line);
    }
  }

  private String describe(CallRow r, String postedAs) {
    return postedAs
        + " "
        + (r.campaignId() == null ? "-" : r.campaignId())
        + "/"
        + privacy.phone(r.phoneNumber())
        + " → "
        + (r.status() == null ? "-" : r.status())
        + " ("
        + (r.lengthInSec() == null ? 0 : r.lengthInSec())
        + "s)";
  }
}
