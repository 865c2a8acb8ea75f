package io.vicisync.source;

/**
 * What VICIdial recorded about a call beside its own row: the caller ID presented ({@code
 * vicidial_dial_log.outbound_cid}), the carrier's answer ({@code vicidial_carrier_log}), where the
 * customer is ({@code vicidial_list}) and how long an agent talked ({@code vicidial_agent_log}).
 * Any field may be null: its row was not there, or could not be read.
 */
public record Enrichment(
    String callerId,
    String dialStatus,
    Integer hangupCause,
    Integer sipHangupCause,
    Integer dialTime,
    Integer answeredTime,
    String customerState,
    String customerCity,
    String customerZip,
    Integer talkTime) {

  public static final Enrichment NONE =
      new Enrichment(null, null, null, null, null, null, null, null, null, null);

  /** The caller ID and the carrier's answer. */
  public static Enrichment dialing(
      String callerId,
      String dialStatus,
      Integer hangupCause,
      Integer sipHangupCause,
      Integer dialTime,
      Integer answeredTime) {
    return new Enrichment(
        callerId,
        dialStatus,
        hangupCause,
        sipHangupCause,
        dialTime,
        answeredTime,
        null,
        null,
        null,
        null);
  }

  static Enrichment location(String state, String city, String zip) {
    return new Enrichment(null, null, null, null, null, null, state, city, zip, null);
  }

  static Enrichment talk(int seconds) {
    return new Enrichment(null, null, null, null, null, null, null, null, null, seconds);
  }

  /** This, with every field {@code o} knows taking its place. */
  Enrichment plus(Enrichment o) {
    return new Enrichment(
        or(o.callerId, callerId),
        or(o.dialStatus, dialStatus),
        or(o.hangupCause, hangupCause),
        or(o.sipHangupCause, sipHangupCause),
        or(o.dialTime, dialTime),
        or(o.answeredTime, answeredTime),
        or(o.customerState, customerState),
        or(o.customerCity, customerCity),
        or(o.customerZip, customerZip),
        or(o.talkTime, talkTime));
  }

  private static <T> T or(T preferred, T fallback) {
    return preferred != null ? preferred : fallback;
  }
}
