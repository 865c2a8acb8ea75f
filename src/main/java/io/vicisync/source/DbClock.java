package io.vicisync.source;

/**
 * What the database says the time is. Telephony servers stamp end_epoch with their own drifting
 * clocks, so the database, not this JVM, is the one clock every decision is measured against.
 */
public interface DbClock {
  long nowEpoch();
}
