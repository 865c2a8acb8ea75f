package io.vicisync.source;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Looks up, for a batch of calls about to be posted, what other tables know of them, in indexed
 * queries a batch, never one a call:
 *
 * <ul>
 *   <li>for outbound calls, the caller ID presented and the carrier's dial result, joined the way
 *       VICIdial's own outbound report does: {@code vicidial_log_extended} by uniqueid gives the
 *       {@code caller_code}; {@code vicidial_dial_log} by {@code caller_code} and {@code lead_id}
 *       gives {@code outbound_cid}; {@code vicidial_carrier_log} by {@code lead_id} and the first
 *       10 characters of the uniqueid gives the dial status;
 *   <li>for every call, where the customer is: {@code vicidial_list} by its primary key, the lead;
 *   <li>and how long agents talked on it: {@code vicidial_agent_log} by {@code lead_id}, the rows
 *       of the call's uniqueid. A call that passed between agents has a row per agent leg; their
 *       talk seconds are added up (the time someone talked with the customer), never more than the
 *       call lasted. A call of length 0 was talked on by nobody: 0, without asking.
 * </ul>
 *
 * <p>A table the user may not read (or that does not exist) turns its part off for the rest of the
 * run, said once through {@code notice}; the calls go out without those fields.
 */
public final class Enricher implements CallEnricher {
  static final String EXTENDED = "vicidial_log_extended";
  static final String DIAL_LOG = "vicidial_dial_log";
  static final String CARRIER_LOG = "vicidial_carrier_log";
  static final String LIST = "vicidial_list";
  static final String AGENT_LOG = "vicidial_agent_log";

  /** A carrier row is written when the dial ends, within the call; this bounds the lead's rows. */
  private static final long CARRIER_WINDOW = 6 * 3600;

  private final VicidialSource source;
  private final Consumer<String> notice;
  private boolean callerIds;
  private boolean carrier;
  private boolean location = true;
  private boolean talk = true;

  /** {@code dialing}: also the caller ID and carrier result (only outbound calls have them). */
  public Enricher(VicidialSource source, Consumer<String> notice, boolean dialing) {
    this.source = source;
    this.notice = notice;
    this.callerIds = dialing;
    this.carrier = dialing;
  }

  /** What is known of each call, by uniqueid; calls with nothing known are absent. */
  @Override
  public Map<String, Enrichment> lookUp(List<CallRow> rows) {
    Map<String, Enrichment> out = new HashMap<>();
    if (rows.isEmpty()) {
      return out;
    }
    if (carrier) {
      carrier(rows, out);
    }
    if (callerIds) {
      callerIds(rows, out);
    }
    if (location) {
      location(rows, out);
    }
    talk(rows, out);
    return out;
  }

  private void location(List<CallRow> rows, Map<String, Enrichment> out) {
    List<Object> leads = new ArrayList<>(new LinkedHashSet<>(leadIds(rows)));
    try {
      Map<Long, Enrichment> byLead = new HashMap<>();
      for (Object[] r :
          source.select(
              "SELECT lead_id, state, city, postal_code FROM "
                  + LIST
                  + " WHERE lead_id IN ("
                  + marks(leads.size())
                  + ")",
              leads,
              rs ->
                  new Object[] {
                    rs.getLong(1),
                    Enrichment.location(rs.getString(2), rs.getString(3), rs.getString(4))
                  })) {
        byLead.put((Long) r[0], (Enrichment) r[1]);
      }
      for (CallRow row : rows) {
        Enrichment e = byLead.get(row.leadId());
        if (e != null) {
          out.merge(row.uniqueid(), e, Enrichment::plus);
        }
      }
    } catch (SQLException e) {
      location = false;
      off(e, List.of(LIST), "customerState, customerCity and customerZip");
    }
  }

  private void talk(List<CallRow> rows, Map<String, Enrichment> out) {
    Map<String, Integer> byCall = new HashMap<>();
    List<CallRow> asked = new ArrayList<>();
    for (CallRow row : rows) {
      if (row.lengthInSec() != null && row.lengthInSec() <= 0) {
        out.merge(row.uniqueid(), Enrichment.talk(0), Enrichment::plus);
      } else {
        asked.add(row);
      }
    }
    if (asked.isEmpty() || !talk) {
      return;
    }
    List<Object> args = new ArrayList<>(new LinkedHashSet<>(leadIds(asked)));
    int leads = args.size();
    asked.forEach(r -> args.add(r.postUniqueid()));
    try {
      for (Object[] r :
          source.select(
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
          out.merge(row.uniqueid(), Enrichment.talk(seconds), Enrichment::plus);
        }
      }
    } catch (SQLException e) {
      talk = false;
      off(e, List.of(AGENT_LOG), "talkTime");
    }
  }

  private static List<Long> leadIds(List<CallRow> rows) {
    List<Long> ids = new ArrayList<>(rows.size());
    rows.forEach(r -> ids.add(r.leadId()));
    return ids;
  }

  private void callerIds(List<CallRow> rows, Map<String, Enrichment> out) {
    try {
      Map<String, String> codeByUid = new HashMap<>();
      for (String[] r :
          source.select(
              "SELECT uniqueid, caller_code FROM "
                  + EXTENDED
                  + " WHERE uniqueid IN ("
                  + marks(rows.size())
                  + ")",
              uniqueids(rows),
              rs -> new String[] {rs.getString(1), rs.getString(2)})) {
        if (r[1] != null && !r[1].isEmpty()) {
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
          source.select(
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
        String code = codeByUid.get(row.uniqueid());
        String cid = code == null ? null : cidByCodeAndLead.get(code + "|" + row.leadId());
        if (cid != null) {
          out.merge(
              row.uniqueid(),
              Enrichment.dialing(cid, null, null, null, null, null),
              Enrichment::plus);
        }
      }
    } catch (SQLException e) {
      callerIds = false;
      off(e, List.of(EXTENDED, DIAL_LOG), "callerId");
    }
  }

  private void carrier(List<CallRow> rows, Map<String, Enrichment> out) {
    Set<Long> leads = new LinkedHashSet<>();
    String first = null;
    String last = null;
    for (CallRow r : rows) {
      leads.add(r.leadId());
      first = first == null || r.callDate().compareTo(first) < 0 ? r.callDate() : first;
      last = last == null || r.callDate().compareTo(last) > 0 ? r.callDate() : last;
    }
    List<Object> args = new ArrayList<>(leads);
    args.add(CallDates.plusSeconds(first, -60));
    args.add(CallDates.plusSeconds(last, CARRIER_WINDOW));
    try {
      Map<String, Enrichment> byKey = new HashMap<>();
      for (Object[] r :
          source.select(
              "SELECT uniqueid, lead_id, dialstatus, hangup_cause,"
                  + " sip_hangup_cause, dial_time, answered_time FROM "
                  + CARRIER_LOG
                  + " WHERE lead_id IN ("
                  + marks(leads.size())
                  + ") AND call_date >= ? AND call_date <= ? ORDER BY call_date",
              args,
              rs ->
                  new Object[] {
                    rs.getString(1),
                    rs.getLong(2),
                    Enrichment.dialing(
                        null,
                        rs.getString(3),
                        integer(rs, 4),
                        integer(rs, 5),
                        integer(rs, 6),
                        integer(rs, 7))
                  })) {
        byKey.put(key((String) r[0], (Long) r[1]), (Enrichment) r[2]);
      }
      for (CallRow row : rows) {
        Enrichment e = byKey.get(key(row.uniqueid(), row.leadId()));
        if (e != null) {
          out.merge(row.uniqueid(), e, Enrichment::plus);
        }
      }
    } catch (SQLException e) {
      carrier = false;
      off(e, List.of(CARRIER_LOG), "dialStatus and hangupCause");
    }
  }

  /** VICIdial's outbound report: the first 10 characters of the uniqueid, and the lead. */
  private static String key(String uniqueid, long leadId) {
    return (uniqueid.length() > 10 ? uniqueid.substring(0, 10) : uniqueid) + "|" + leadId;
  }

  private void off(SQLException e, List<String> tables, String fields) {
    String names = String.join(" and ", tables);
    String why;
    if (e.getErrorCode() == 1146) {
      why = "no such table";
    } else if (e.getErrorCode() == 1142 || e.getErrorCode() == 1143) {
      StringBuilder grants = new StringBuilder("not granted; run");
      for (String t : tables) {
        grants.append(' ').append(DbErrors.grant(source.db(), source.account(), t));
      }
      why = grants.toString();
    } else {
      why = source.explain("reading " + names, e, names).getMessage();
    }
    notice.accept(
        "sending calls without "
            + fields
            + " this run: cannot read "
            + names
            + " ("
            + why
            + "); --no-enrich turns enrichment off");
  }

  private static Integer integer(java.sql.ResultSet rs, int col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  private static List<String> uniqueids(List<CallRow> rows) {
    List<String> ids = new ArrayList<>(rows.size());
    rows.forEach(r -> ids.add(r.uniqueid()));
    return ids;
  }

  private static String marks(int n) {
    return String.join(",", Collections.nCopies(n, "?"));
  }
}
