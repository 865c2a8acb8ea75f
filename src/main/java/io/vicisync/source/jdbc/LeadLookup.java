package io.vicisync.source.jdbc;

import io.vicisync.source.CallRow;
import io.vicisync.source.Enrichment;
import io.vicisync.source.Extra;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the customer is: {@code vicidial_list} by its primary key, the call's lead. */
final class LeadLookup extends Lookup {
  static final String LIST = "vicidial_list";

  @Override
  List<Extra> fills() {
    return List.of(Extra.CUSTOMER_STATE, Extra.CUSTOMER_CITY, Extra.CUSTOMER_ZIP);
  }

  @Override
  Map<String, List<String>> reads() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put(LIST, List.of("lead_id", "state", "city", "postal_code"));
    return m;
  }

  @Override
  boolean dialedOnly() {
    return false;
  }

  @Override
  void fill(VicidialSource db, List<CallRow> rows, Map<String, Enrichment> out)
      throws SQLException {
    List<Object> leads = leadIds(rows);
    Map<Long, Enrichment> byLead = new HashMap<>();
    for (Object[] r :
        db.select(
            "SELECT lead_id, state, city, postal_code FROM "
                + LIST
                + " WHERE lead_id IN ("
                + marks(leads.size())
                + ")",
            leads,
            rs ->
                new Object[] {
                  rs.getLong(1),
                  Enrichment.of(
                      Extra.CUSTOMER_STATE, rs.getString(2),
                      Extra.CUSTOMER_CITY, rs.getString(3),
                      Extra.CUSTOMER_ZIP, rs.getString(4))
                })) {
      byLead.put((Long) r[0], (Enrichment) r[1]);
    }
    for (CallRow row : rows) {
      Enrichment e = byLead.get(row.leadId());
      if (e != null) {
        add(out, row, e);
      }
    }
  }
}
