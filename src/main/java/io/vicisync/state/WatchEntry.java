package io.vicisync.state;

/**
 * A call looked up again by primary key on each run instead of by rescanning hours of the table.
 *
 * @param until DB epoch after which the call is no longer watched
 * @param postedAs the uniqueid the receiver knows it by, when it was already sent; null otherwise
 */
public record WatchEntry(
    String uniqueid, long leadId, String callDate, Reason reason, long until, String postedAs) {

  public enum Reason {
    /** no end_epoch yet: the call is still up */
    NOT_ENDED,
    /** ended less than the settle time ago */
    SETTLING,
    /** ended with a status that is not a disposition yet (INCALL, DISPO…) */
    HELD,
    /** sent with a non-final status after the hold expired; its disposition may still come */
    SENT_NONFINAL
  }
}
