package io.vicisync.source.jdbc;

import io.vicisync.source.CallRow;
import io.vicisync.source.Enrichment;
import io.vicisync.source.Extra;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The caller ID VICIdial presented, joined the way its own outbound report does: {@code
 * vicidial_log_extended} by uniqueid gives the call's {@code caller_code}; {@code
 * vicidial_dial_log} by {@code caller_code} and {@code lead_id} gives {@code outbound_cid}. The
 * caller code is kept for the lookups after this one.
 */
final class CallerIdLookup extends Lookup {
  static final String EXTENDED = "vicidial_log_extended";
  static final String DIAL_LOG = "vicidial_dial_log";

  @Override
  List<Extra> fills() {
    return List.of(Extra.CALLER_CODE, Extra.CALLER_ID);
  }

  @Override
  Map<String, List<String>> reads() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put(EXTENDED, List.of("uniqueid", "caller_code"));
    m.put(DIAL_LOG, List.of("caller_code", "lead_id", "call_date", "outbound_cid"));
    return m;
  }

  @Override
  boolean dialedOnly() {
    return false;
  }

  @Override
  void fill(VicidialSource db, List<CallRow> rows, Map<String, Enrichment> out)
      throws SQLException {
    List<String> ids = new ArrayList<>(rows.size());
    rows.forEach(r -> ids.add(r.postUniqueid()));
    Map<String, String> codeByUid = new HashMap<>();
    for (String[] r :
        db.select(
            "SELECT uniqueid, caller_code FROM "
                + EXTENDED
                + " WHERE uniqueid IN ("
                + marks(ids.size())
                + ")",
            ids,
            rs -> new String[] {rs.getString(1), rs.getString(2)})) {
      if (r[1] != null && !r[1].isBlank()) {
        codeByUid.put(r[0], r[1]);
      }
    }
    if (codeByUid.isEmpty()) {
      return;
    }
    List<String> codes = new ArrayList<>(new LinkedHashSet<>(codeByUid.values()));
    Map<String, String> cidByCodeAndLead = new HashMap<>();
    // in call_date order, so a re-dial with the same caller_code leaves its latest caller ID
    for (String[] r :
        db.select(
            "SELECT caller_code, lead_id, outbound_cid FROM "
                + DIAL_LOG
                + " WHERE caller_code IN ("
                + marks(codes.size())
                + ") ORDER BY call_date",
            codes,
            rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})) {
      if (r[2] != null && !r[2].isEmpty()) {
        cidByCodeAndLead.put(r[0] + "|" + r[1], r[2]);
      }
    }
    for (CallRow row : rows) {
      String code = codeByUid.get(row.postUniqueid());
      if (code != null) {
        add(
            out,
            row,
            Enrichment.of(
                Extra.CALLER_CODE,
                code,
                Extra.CALLER_ID,
                cidByCodeAndLead.get(code + "|" + row.leadId())));
      }
    }
  }
}
