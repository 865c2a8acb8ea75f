package io.vicisync.source.jdbc;

import io.vicisync.source.CallRow;
import io.vicisync.source.Enrichment;
import io.vicisync.source.Extra;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long agents talked on the call: {@code vicidial_agent_log} by {@code lead_id}, the rows of
 * the call's uniqueid. A call that passed between agents has a row per agent leg; their talk
 * seconds are added up (the time someone talked with the customer), never more than the call
 * lasted. A call of length 0 was talked on by nobody: 0, without asking (so even with the table
 * unreadable).
 */
final class TalkLookup extends Lookup {
  static final String AGENT_LOG = "vicidial_agent_log";

  @Override
  List<Extra> fills() {
    return List.of(Extra.TALK_TIME);
  }

  @Override
  Map<String, List<String>> reads() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put(AGENT_LOG, List.of("lead_id", "uniqueid", "talk_sec"));
    return m;
  }

  @Override
  boolean dialedOnly() {
    return false;
  }

  /** The calls nobody talked on, answered without a query. */
  static void unanswered(List<CallRow> rows, Map<String, Enrichment> out) {
    for (CallRow row : rows) {
      if (row.lengthInSec() != null && row.lengthInSec() <= 0) {
        add(out, row, Enrichment.of(Extra.TALK_TIME, 0));
      }
    }
  }

  @Override
  void fill(VicidialSource db, List<CallRow> rows, Map<String, Enrichment> out)
      throws SQLException {
    List<CallRow> asked = new ArrayList<>();
    for (CallRow row : rows) {
      if (row.lengthInSec() == null || row.lengthInSec() > 0) {
        asked.add(row);
      }
    }
    if (asked.isEmpty()) {
      return;
    }
    List<Object> args = leadIds(asked);
    int leads = args.size();
    asked.forEach(r -> args.add(r.postUniqueid()));
    Map<String, Integer> byCall = new HashMap<>();
    for (Object[] r :
        db.select(
            "SELECT uniqueid, talk_sec FROM "
                + AGENT_LOG
                + " WHERE lead_id IN ("
                + marks(leads)
                + ") AND uniqueid IN ("
                + marks(asked.size())
                + ")",
            args,
            rs -> new Object[] {rs.getString(1), rs.getInt(2)})) {
      byCall.merge((String) r[0], (Integer) r[1], Integer::sum);
    }
    for (CallRow row : asked) {
      Integer t = byCall.get(row.postUniqueid());
      if (t != null) {
        int seconds = row.lengthInSec() == null ? t : Math.min(t, row.lengthInSec());
        add(out, row, Enrichment.of(Extra.TALK_TIME, seconds));
      }
    }
  }
}
