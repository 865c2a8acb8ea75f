package io.vicisync.engine;

import io.vicisync.source.CallRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Calls VICIdial still shows with an in-between status whose agent has already submitted the
 * disposition: taken as the agent left them, so they are sent now, with that disposition, instead
 * of waiting for --hold-max. Asked for the ended, non-final rows of a batch only (the calls in
 * wrap-up), never for a range; every command that decides on rows asks it, so a call is posted and
 * re-read with the same content.
 */
final class Wrapup {
  private Wrapup() {}

  static List<CallRow> asAgentsLeftThem(RunContext ctx, List<CallRow> rows) {
    List<CallRow> waiting = new ArrayList<>();
    for (CallRow r : rows) {
      if (r.ended() && !Planner.isFinal(r, ctx.settings()) && r.user() != null) {
        waiting.add(r);
      }
    }
    if (waiting.isEmpty()) {
      return rows;
    }
    Map<String, String> chosen = ctx.reader().agentDispositions(waiting);
    if (chosen.isEmpty()) {
      return rows;
    }
    List<CallRow> out = new ArrayList<>(rows.size());
    for (CallRow r : rows) {
      String status = chosen.get(r.uniqueid());
      boolean finalStatus = status != null && !ctx.settings().holdStatuses().contains(status);
      out.add(finalStatus && !Planner.isFinal(r, ctx.settings()) ? r.withStatus(status) : r);
    }
    return out;
  }
}
