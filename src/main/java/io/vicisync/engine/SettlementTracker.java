package io.vicisync.engine;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds how far the checkpoint may move: past a scan position only once every post dispatched
 * before that position has settled (acknowledged or dead-lettered). Posts complete out of order;
 * the checkpoint follows the contiguous settled prefix, so a crash re-sends at most what was in
 * flight and skips nothing.
 *
 * @param <P> a scan position
 */
public final class SettlementTracker<P> {
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private final Set<Long> settledTickets = new HashSet<>();
  private long nextTicket;
  private P position;

  /** Starts at {@code start} (null: nothing settled yet). */
  public SettlementTracker(P start) {
    this.position = start;
  }

  /** A post dispatched now; settle it with the returned ticket. */
  public synchronized long open() {
    long t = nextTicket++;
    pending.addLast(t);
    return t;
  }

  /** Everything dispatched so far lies before {@code p}. */
  public synchronized void reached(P p) {
    pending.addLast(new Marker<>(p));
    advance();
  }

  public synchronized void settle(long ticket) {
    settledTickets.add(ticket);
    advance();
  }

  /** The furthest position with everything before it settled. */
  public synchronized P position() {
    return position;
  }

  /** Posts dispatched and not yet settled. */
  public synchronized int unsettled() {
    int n = 0;
    for (Object o : pending) {
      if (o instanceof Long t && !settledTickets.contains(t)) {
        n++;
      }
    }
    return n;
  }

  @SuppressWarnings("unchecked")
  private void advance() {
    while (!pending.isEmpty()) {
      Object head = pending.peekFirst();
      if (head instanceof Marker<?> m) {
        position = (P) m.position();
      } else if (!settledTickets.remove((Long) head)) {
        return;
      }
      pending.removeFirst();
    }
  }

  private record Marker<P>(P position) {}
}
