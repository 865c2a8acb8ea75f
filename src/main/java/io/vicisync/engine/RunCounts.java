package io.vicisync.engine;

import java.util.concurrent.atomic.AtomicInteger;

/** What a run did, counted as it goes (posts settle on several threads). */
public final class RunCounts {
  final AtomicInteger posted = new AtomicInteger();
  final AtomicInteger resent = new AtomicInteger();
  final AtomicInteger unchanged = new AtomicInteger();
  final AtomicInteger deadLettered = new AtomicInteger();
  final AtomicInteger abandoned = new AtomicInteger();
  final AtomicInteger wouldSend = new AtomicInteger();
  final AtomicInteger withoutDid = new AtomicInteger();
  final AtomicInteger changedNotResent = new AtomicInteger();
  final AtomicInteger merged = new AtomicInteger();

  public int posted() {
    return posted.get();
  }

  public int resent() {
    return resent.get();
  }

  public int unchanged() {
    return unchanged.get();
  }

  public int deadLettered() {
    return deadLettered.get();
  }

  public int abandoned() {
    return abandoned.get();
  }

  public int wouldSend() {
    return wouldSend.get();
  }

  /** Delivered with the customer's number as phoneNumber: the receiver counted no DID for them. */
  public int withoutDid() {
    return withoutDid.get();
  }

  /** Legs of calls with several rows, settled because the call's last leg is posted. */
  public int merged() {
    return merged.get();
  }

  /** Changed after the receiver acknowledged them, and not posted again ([sync] resend = never). */
  public int changedNotResent() {
    return changedNotResent.get();
  }
}
