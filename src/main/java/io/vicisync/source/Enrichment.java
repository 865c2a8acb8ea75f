package io.vicisync.source;

/**
 * What VICIdial recorded about a call's dialing beside {@code vicidial_log}: the caller ID
 * presented ({@code vicidial_dial_log.outbound_cid}) and the carrier's answer ({@code
 * vicidial_carrier_log}). Any field may be null: its row was not there.
 */
public record Enrichment(
    String callerId,
    String dialStatus,
    Integer hangupCause,
    Integer sipHangupCause,
    Integer dialTime,
    Integer answeredTime) {

  static final Enrichment NONE = new Enrichment(null, null, null, null, null, null);

  Enrichment withCallerId(String cid) {
    return new Enrichment(cid, dialStatus, hangupCause, sipHangupCause, dialTime, answeredTime);
  }
}
