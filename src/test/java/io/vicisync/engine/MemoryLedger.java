package io.vicisync.engine;

import io.vicisync.state.SentLedger;
import java.util.HashMap;
import java.util.Map;

/** The sent ledger in memory: what the receiver acknowledged, by key. */
final class MemoryLedger implements SentLedger {
  final Map<String, SentLedger.Entry> entries = new HashMap<>();

  @Override
  public synchronized SentLedger.Entry lookup(String key, long endEpoch) {
    return entries.get(key);
  }

  @Override
  public synchronized void record(
      String key,
      long fingerprint,
      boolean deadLettered,
      boolean withDid,
      long endEpoch,
      long sentAtEpoch) {
    entries.put(key, new SentLedger.Entry(fingerprint, deadLettered, withDid));
  }

  @Override
  public void sync() {
    // memory is as durable as it gets here
  }

  @Override
  public void preload(long fromEnd, long toEnd) {
    // all of it is loaded
  }

  @Override
  public synchronized long memoryStartsEpoch() {
    return entries.isEmpty() ? Long.MAX_VALUE : 0;
  }
}
