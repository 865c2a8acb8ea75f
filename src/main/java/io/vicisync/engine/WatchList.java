package io.vicisync.engine;

import io.vicisync.source.CallRow;
import io.vicisync.state.Alias;
import io.vicisync.state.WatchEntry;
import io.vicisync.state.WatchEntry.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls seen but not finished with, looked up again by primary key on every run, and the aliases of
 * calls whose uniqueid VICIdial rewrote. Thread-safe: posts settle on the HTTP client's threads.
 */
public final class WatchList {
  private final Map<String, WatchEntry> entries = new LinkedHashMap<>();
  private final Map<String, Alias> aliases = new LinkedHashMap<>();

  public WatchList(List<WatchEntry> saved, List<Alias> savedAliases, long nowEpoch) {
    saved.forEach(e -> entries.put(e.uniqueid(), e));
    savedAliases.stream()
        .filter(a -> a.until() >= nowEpoch)
        .forEach(a -> aliases.put(a.uniqueid(), a));
  }

  /**
   * Watches {@code e}, keeping the first deadline of a call already watched for the same reason (a
   * call that never ends must not be watched forever). False when that deadline has passed.
   */
  public synchronized boolean watch(WatchEntry e, long nowEpoch) {
    WatchEntry old = entries.get(e.uniqueid());
    WatchEntry next =
        old != null && old.reason() == e.reason() && old.until() < e.until()
            ? new WatchEntry(
                e.uniqueid(), e.leadId(), e.callDate(), e.reason(), old.until(), e.postedAs())
            : e;
    if (next.until() < nowEpoch) {
      entries.remove(e.uniqueid());
      return false;
    }
    entries.put(e.uniqueid(), next);
    return true;
  }

  /** What watching {@code row} for {@code reason} until {@code until} is written as. */
  static WatchEntry entry(CallRow row, Reason reason, long until, String postedAs) {
    return new WatchEntry(row.uniqueid(), row.leadId(), row.callDate(), reason, until, postedAs);
  }

  public synchronized boolean has(String uniqueid) {
    return entries.containsKey(uniqueid);
  }

  public synchronized void forget(String uniqueid) {
    entries.remove(uniqueid);
  }

  public synchronized List<WatchEntry> entries() {
    return new ArrayList<>(entries.values());
  }

  public synchronized int count(Reason reason) {
    return (int) entries.values().stream().filter(e -> e.reason() == reason).count();
  }

  public synchronized int size() {
    return entries.size();
  }

  public synchronized void alias(String uniqueid, String postedAs, long until) {
    aliases.put(uniqueid, new Alias(uniqueid, postedAs, until));
  }

  /** The uniqueid the receiver knows this call by. */
  public synchronized String postedAs(String uniqueid) {
    Alias a = aliases.get(uniqueid);
    return a == null ? uniqueid : a.postedAs();
  }

  public synchronized List<Alias> aliases() {
    return new ArrayList<>(aliases.values());
  }
}
