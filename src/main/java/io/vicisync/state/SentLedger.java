package io.vicisync.state;

/**
 * What the receiver has acknowledged (or refused for good), by call and content: what the core asks
 * before every post. {@code disk.Ledger} keeps it on disk.
 */
public interface SentLedger {
  /**
   * What the ledger holds of one call.
   *
   * @param fingerprint of the content acknowledged (or refused)
   * @param deadLettered refused for good, not delivered
   * @param withDid the post's phoneNumber was the call's DID, not the customer's number
   */
  record Entry(long fingerprint, boolean deadLettered, boolean withDid) {
    public Entry(long fingerprint, boolean deadLettered) {
      this(fingerprint, deadLettered, false);
    }
  }

  /** What is known of {@code key} (a call that ended at {@code endEpoch}); null: never sent. */
  Entry lookup(String key, long endEpoch);

  /**
   * Records a settled post; {@code withDid}: its phoneNumber was the call's DID (the caller ID
   * presented), not the customer's number. A re-post of the call keeps the same kind.
   */
  void record(
      String key,
      long fingerprint,
      boolean deadLettered,
      boolean withDid,
      long endEpoch,
      long sentAtEpoch);

  /** A post whose phoneNumber was the customer's number. */
  default void record(
      String key, long fingerprint, boolean deadLettered, long endEpoch, long sentAtEpoch) {
    record(key, fingerprint, deadLettered, false, endEpoch, sentAtEpoch);
  }

  /** Makes every record so far durable; before each checkpoint. */
  void sync();

  /** Loads the calls that ended in this range, ahead of a poll's lookups. */
  void preload(long fromEnd, long toEnd);

  /** The first moment the ledger can speak for; Long.MAX_VALUE when it holds nothing. */
  long memoryStartsEpoch();
}
