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
  /** {@code vicidial_carrier_log.dialstatus} again, under the optimizer's hook's name for it. */
  CARRIER_DIAL_STATUS("carrierDialStatus"),
  /** Seconds the carrier took to answer or give up (dial_time), the hook's name. */
  DIAL_TIME("dialTimeSec"),
  /** Seconds the carrier reported the call answered (answered_time), the hook's name. */
  ANSWERED_TIME("carrierAnsweredSec"),
  RING_TIME("ringTime"),
  AMD_STATUS("amdStatus"),
  /** The first {@code -}-separated token of AMDCAUSE: VOICEMAILAMD, FASV2AMD, HUMAN… */
  AMD_SUBSTATUS("amdSubstatus"),
  AMD_CAUSE("amdCause"),
  AMD_RESPONSE("amdResponse"),
  /** {@code vicidial_amd_log.run_time}: VD_amd.agi writes the part of AMDSTATS before its dash. */
  AMD_RUN_TIME_MS("amdRunTimeMs"),
  AMD_STATS("amdStats"),
  /** The three numbers of an AMDCAUSE written {@code CLASS-silence-voice-total}. */
  AMD_SILENCE_MS("amdSilenceMs"),
  AMD_VOICE_MS("amdVoiceMs"),
  AMD_TOTAL_MS("amdTotalMs"),
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
