package io.vicisync.source;

/**
 * A field of the posted body that one of VICIdial's other tables supplies, in the order the body
 * carries them. A field with no wire name is found for another lookup's sake and never posted.
 */
public enum Extra {
  /** {@code vicidial_log_extended.caller_code}: joins the dial, carrier and AMD logs. */
  CALLER_CODE(null),
  CALLER_ID("callerId"),
  DIAL_STATUS("dialStatus"),
  HANGUP_CAUSE("hangupCause"),
  SIP_HANGUP_CAUSE("sipHangupCause"),
  SIP_HANGUP_REASON("sipHangupReason"),
  DIAL_TIME("dialTime"),
  ANSWERED_TIME("answeredTime"),
  RING_TIME("ringTime"),
  AMD_STATUS("amdStatus"),
  AMD_CAUSE("amdCause"),
  CUSTOMER_STATE("customerState"),
  CUSTOMER_CITY("customerCity"),
  CUSTOMER_ZIP("customerZip"),
  TALK_TIME("talkTime");

  private final String wire;

  Extra(String wire) {
    this.wire = wire;
  }

  /** The body's name for it; null: never posted. */
  public String wire() {
    return wire;
  }
}
