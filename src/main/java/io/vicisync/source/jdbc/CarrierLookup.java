package io.vicisync.source.jdbc;

import io.vicisync.source.CallRow;
import io.vicisync.source.Enrichment;
import io.vicisync.source.Extra;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The carrier's answer to the dial, from {@code vicidial_carrier_log}, matched the way VICIdial's
 * outbound report does: by {@code lead_id} and the first 10 characters of the uniqueid (the carrier
 * row has the dial channel's uniqueid, not the call's). {@code dial_time} is Asterisk's DIALEDTIME
 * (ringing and talk), {@code answered_time} its ANSWEREDTIME: what rang before an answer, or the
 * whole dial of an unanswered call, is their difference.
 */
final class CarrierLookup extends Lookup {
  static final String CARRIER_LOG = "vicidial_carrier_log";

  @Override
  List<Extra> fills() {
    return List.of(
        Extra.DIAL_STATUS,
        Extra.HANGUP_CAUSE,
        Extra.SIP_HANGUP_CAUSE,
        Extra.SIP_HANGUP_REASON,
        Extra.CARRIER_DIAL_STATUS,
        Extra.DIAL_TIME,
        Extra.ANSWERED_TIME,
        Extra.RING_TIME);
  }

  @Override
  Map<String, List<String>> reads() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put(
        CARRIER_LOG,
        List.of(
            "uniqueid",
            "lead_id",
            "call_date",
            "dialstatus",
            "hangup_cause",
            "sip_hangup_cause",
            "sip_hangup_reason",
            "dial_time",
            "answered_time"));
    return m;
  }

  @Override
  boolean dialedOnly() {
    return true;
  }

  @Override
  void fill(VicidialSource db, List<CallRow> all, Map<String, Enrichment> out) throws SQLException {
    Windowed w = windowed(all); // its rows are found by time
    if (w == null) {
      return;
    }
    List<CallRow> rows = w.rows();
    List<Object> args = w.args();
    Map<String, Enrichment> byKey = new HashMap<>();
    for (Object[] r :
        db.select(
            "SELECT uniqueid, lead_id, dialstatus, hangup_cause, sip_hangup_cause,"
                + " sip_hangup_reason, dial_time, answered_time FROM "
                + CARRIER_LOG
                + " WHERE lead_id IN ("
                + marks(args.size() - 2)
                + ") AND call_date >= ? AND call_date <= ? ORDER BY call_date",
            args,
            rs -> {
              Integer dial = integer(rs, 7);
              Integer answered = integer(rs, 8);
              Integer ring =
                  dial == null ? null : Math.max(0, dial - (answered == null ? 0 : answered));
              return new Object[] {
                rs.getString(1),
                rs.getLong(2),
                Enrichment.of(
                    Extra.DIAL_STATUS, rs.getString(3),
                    Extra.HANGUP_CAUSE, integer(rs, 4),
                    Extra.SIP_HANGUP_CAUSE, integer(rs, 5),
                    Extra.SIP_HANGUP_REASON, rs.getString(6),
                    Extra.CARRIER_DIAL_STATUS, rs.getString(3),
                    Extra.DIAL_TIME, dial,
                    Extra.ANSWERED_TIME, answered,
                    Extra.RING_TIME, ring)
              };
            })) {
      byKey.put(key((String) r[0], (Long) r[1]), (Enrichment) r[2]);
    }
    for (CallRow row : rows) {
      Enrichment e = byKey.get(key(row.uniqueid(), row.leadId()));
      if (e != null) {
        add(out, row, e);
      }
    }
  }

  /** VICIdial's outbound report: the first 10 characters of the uniqueid, and the lead. */
  private static String key(String uniqueid, long leadId) {
    return (uniqueid.length() > 10 ? uniqueid.substring(0, 10) : uniqueid) + "|" + leadId;
  }
}
