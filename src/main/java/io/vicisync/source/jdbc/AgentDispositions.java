package io.vicisync.source.jdbc;

import io.vicisync.source.CallRow;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the agent log says an agent chose for calls the call log still shows in wrap-up. VICIdial's
 * agent screen writes the disposition to the call log and then, in the same request, to the agent's
 * {@code vicidial_agent_log} row ({@code www/agc/vdc_db_query.php}, {@code updateDISPO}: {@code
 * UPDATE vicidial_agent_log set dispo_sec=…,status=…,uniqueid=…}); a call whose agent row has a
 * status while its call-log row still says DISPO is finished, and waiting longer brings nothing.
 * Read by {@code lead_id} (indexed) for the few calls in wrap-up, never a range. Without a grant on
 * the table, or without the table, it says nothing and held calls wait as before.
 */
final class AgentDispositions {
  private boolean off;

  /**
   * The agent's disposition by row id, for the rows of {@code rows} whose agent (the row's {@code
   * user}) has a status on the call's uniqueid.
   */
  Map<String, String> of(VicidialSource db, List<CallRow> rows) throws SQLException {
    List<CallRow> asked =
        rows.stream().filter(r -> r.user() != null && !r.user().isEmpty()).toList();
    if (off || asked.isEmpty()) {
      return Map.of();
    }
    List<Object> args = Lookup.leadIds(asked);
    int leads = args.size();
    Set<String> ids = new LinkedHashSet<>();
    asked.forEach(r -> ids.add(r.postUniqueid()));
    args.addAll(ids);
    List<String[]> found;
    try {
      found =
          db.select(
              "SELECT lead_id, uniqueid, user, status FROM "
                  + TalkLookup.AGENT_LOG
                  + " WHERE lead_id IN ("
                  + Lookup.marks(leads)
                  + ") AND uniqueid IN ("
                  + Lookup.marks(ids.size())
                  + ") AND status IS NOT NULL AND status <> '' ORDER BY agent_log_id",
              args,
              rs ->
                  new String[] {
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)
                  });
    } catch (SQLException e) {
      if (Session.denied(e) || e.getErrorCode() == 1146) {
        off = true; // doctor names the grant; calls are held as without this evidence
        return Map.of();
      }
      throw e;
    }
    Map<String, String> byAgentCall = new HashMap<>();
    for (String[] f : found) {
      byAgentCall.put(f[0] + "\u0000" + f[1] + "\u0000" + f[2], f[3]); // the newest row wins
    }
    Map<String, String> out = new HashMap<>();
    for (CallRow r : asked) {
      String status =
          byAgentCall.get(r.leadId() + "\u0000" + r.postUniqueid() + "\u0000" + r.user());
      if (status != null) {
        out.put(r.uniqueid(), status);
      }
    }
    return out;
  }
}
