package io.vicisync.wire;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.vicisync.source.CallRow;

/** The JSON body of {@code POST /api/v1/call-results}, in the receiver's camelCase names. */
@JsonPropertyOrder({
  "uniqueid", "leadId", "listId", "campaignId", "phoneNumber", "phoneCode", "disposition",
  "duration", "agentId", "userGroup", "termReason", "comments", "altDial", "calledCount",
  "callDate", "startEpoch", "endEpoch", "timestamp"
})
public record CallPayload(
    String uniqueid,
    long leadId,
    Long listId,
    String campaignId,
    String phoneNumber,
    String phoneCode,
    String disposition,
    Integer duration,
    String agentId,
    String userGroup,
    String termReason,
    String comments,
    String altDial,
    Integer calledCount,
    String callDate,
    Long startEpoch,
    Long endEpoch,
    Long timestamp) {

  /** {@code postedAs} is the uniqueid the receiver knows the call by (see {@code Alias}). */
  public static CallPayload of(CallRow r, String postedAs) {
    return new CallPayload(
        postedAs,
        r.leadId(),
        r.listId(),
        r.campaignId(),
        r.phoneNumber(),
        r.phoneCode(),
        r.status(),
        r.lengthInSec(),
        r.user(),
        r.userGroup(),
        r.termReason(),
        r.comments(),
        r.altDial(),
        r.calledCount(),
        r.callDate(),
        r.startEpoch(),
        r.endEpoch(),
        r.endEpoch());
  }
}
