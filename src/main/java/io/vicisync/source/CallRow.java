package io.vicisync.source;

/**
 * One row of {@code vicidial_log} (or a table with its columns) as VICIdial wrote it. {@code
 * uniqueid} is the row's identity in its table: the uniqueid in {@code vicidial_log}, the {@code
 * closecallid} in {@code vicidial_closer_log}, where the call's own uniqueid is {@code
 * callUniqueid} (null elsewhere). {@code callDate} stays the server-local text VICIdial stored
 * ({@code YYYY-MM-DD HH:MM:SS}); it is never converted through a time zone. Nullable columns are
 * boxed.
 */
public record CallRow(
    String uniqueid,
    long leadId,
    Long listId,
    String campaignId,
    String callDate,
    Long startEpoch,
    Long endEpoch,
    Integer lengthInSec,
    String status,
    String phoneCode,
    String phoneNumber,
    String user,
    String comments,
    String userGroup,
    String termReason,
    String altDial,
    Integer calledCount,
    String callUniqueid) {

  /** The uniqueid the receiver knows the call by, before any alias. */
  public String postUniqueid() {
    return callUniqueid != null ? callUniqueid : uniqueid;
  }

  /** Where this row sits in the scan order. */
  public ScanKey key() {
    return new ScanKey(callDate, uniqueid);
  }

  public boolean ended() {
    return endEpoch != null && endEpoch > 0;
  }

  /** The same row with another disposition (the one its agent chose, where the row lags). */
  public CallRow withStatus(String newStatus) {
    return new CallRow(
        uniqueid,
        leadId,
        listId,
        campaignId,
        callDate,
        startEpoch,
        endEpoch,
        lengthInSec,
        newStatus,
        phoneCode,
        phoneNumber,
        user,
        comments,
        userGroup,
        termReason,
        altDial,
        calledCount,
        callUniqueid);
  }

  /** The part of the uniqueid before the dot, which VICIdial keeps when it rewrites the id. */
  public String uniqueidPrefix() {
    int dot = uniqueid.indexOf('.');
    return dot < 0 ? uniqueid : uniqueid.substring(0, dot);
  }
}
