package io.vicisync.engine;

import io.vicisync.config.SyncSettings;
import io.vicisync.source.Enrichment;
import io.vicisync.source.Extra;
import io.vicisync.state.SentLedger;
import io.vicisync.wire.Did;

/**
 * What a post's phoneNumber carries, decided once per call: the DID Optimizer counts a call against
 * the DID its phoneNumber names, so a call posted again must name what it named the first time,
 * whatever the lookup tables say by then. The sent ledger keeps which it was ({@link
 * SentLedger.Entry#withDid}); the DID itself is found again from the dial log, whose row for a dial
 * never changes.
 */
public final class PhoneNumbers {
  private PhoneNumbers() {}

  /**
   * The DID to post as phoneNumber, or null for the customer's number. {@code delivered}: what the
   * receiver acknowledged before (null: nothing, or only refused it, which it did not count).
   */
  public static String did(SyncSettings s, SentLedger.Entry delivered, Enrichment e) {
    if (s.phoneNumber() == SyncSettings.PhoneNumber.CUSTOMER) {
      return null;
    }
    if (delivered != null && !delivered.withDid()) {
      return null; // counted against no DID the first time: not against one now either
    }
    return e == null ? null : Did.of(e.text(Extra.CALLER_ID));
  }

  /** True when the receiver counted the call against a DID that can no longer be found. */
  public static boolean lost(SyncSettings s, SentLedger.Entry delivered, String did) {
    return s.phoneNumber() == SyncSettings.PhoneNumber.DID
        && delivered != null
        && delivered.withDid()
        && did == null;
  }

  /** The ledger's entry if it says the receiver has the call: delivered, not refused. */
  public static SentLedger.Entry delivered(SentLedger.Entry e) {
    return e == null || e.deadLettered() ? null : e;
  }
}
