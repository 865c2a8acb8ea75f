package io.vicisync.source.jdbc;

import io.vicisync.source.CallDates;
import io.vicisync.source.CallRow;
import io.vicisync.source.Enrichment;
import io.vicisync.source.Extra;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the answering machine detector decided, from {@code vicidial_amd_log} (VICIdial's AMD agi
 * writes a row when the call connects): read by {@code lead_id} and time, matched by the call's
 * caller code where {@link CallerIdLookup} found it, else by the lead's row written while the call
 * was up. A row of another dial (another caller code) never matches.
 */
final class AmdLookup extends Lookup {
  static final String AMD_LOG = "vicidial_amd_log";

  /** A row written this long after the call's length still belongs to it (clocks, queueing). */
  private static final long LATE = 60;

  private record Row(String code, String callDate, Enrichment found) {}

  @Override
  List<Extra> fills() {
    return List.of(
        Extra.AMD_STATUS,
        Extra.AMD_SUBSTATUS,
        Extra.AMD_CAUSE,
        Extra.AMD_RESPONSE,
        Extra.AMD_RUN_TIME_MS,
        Extra.AMD_STATS,
        Extra.AMD_SILENCE_MS,
        Extra.AMD_VOICE_MS,
        Extra.AMD_TOTAL_MS);
  }

  @Override
  Map<String, List<String>> reads() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    // as doctor compares them: MariaDB's column names are case-insensitive
    m.put(
        AMD_LOG,
        List.of(
            "lead_id",
            "caller_code",
            "call_date",
            "amdstatus",
            "amdcause",
            "amdresponse",
            "run_time",
            "amdstats"));
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
    Map<Long, List<Row>> byLead = new HashMap<>();
    for (Object[] r :
        db.select(
            "SELECT lead_id, caller_code, DATE_FORMAT(call_date, '%Y-%m-%d %H:%i:%s'),"
                + " AMDSTATUS, AMDCAUSE, AMDRESPONSE, run_time, AMDSTATS FROM "
                + AMD_LOG
                + " WHERE lead_id IN ("
                + marks(args.size() - 2)
                + ") AND call_date >= ? AND call_date <= ? ORDER BY call_date",
            args,
            rs ->
                new Object[] {
                  rs.getLong(1),
                  new Row(
                      rs.getString(2),
                      rs.getString(3),
                      verdict(
                          rs.getString(4),
                          rs.getString(5),
                          rs.getString(6),
                          rs.getString(7),
                          rs.getString(8)))
                })) {
      byLead.computeIfAbsent((Long) r[0], k -> new ArrayList<>()).add((Row) r[1]);
    }
    for (CallRow call : rows) {
      Enrichment known = out.get(call.uniqueid());
      String code = known == null ? null : known.text(Extra.CALLER_CODE);
      Row match = null;
      for (Row r : byLead.getOrDefault(call.leadId(), List.of())) {
        boolean sameDial = code != null && code.equals(r.code());
        boolean otherDial = code != null && r.code() != null && !r.code().isBlank() && !sameDial;
        if (sameDial || (!otherDial && during(call, r.callDate()))) {
          match = r; // in call_date order: the last one wins
        }
      }
      if (match != null && !match.found().fields().isEmpty()) {
        add(out, call, match.found());
      }
    }
  }

  /** AMDCAUSE written {@code CLASS-silence-voice-total}, as the optimizer's hook reads it. */
  private static final Pattern CAUSE =
      Pattern.compile("^[A-Za-z]+-(\\d{1,9})-(\\d{1,9})-(\\d{1,9})");

  private static final Pattern LEADING = Pattern.compile("^\\d{1,9}");

  /** One AMD row as the hook sends it: the cause taken apart, run_time as a whole number. */
  static Enrichment verdict(
      String status, String cause, String response, String runTime, String stats) {
    String c = cause == null ? "" : cause.strip();
    int dash = c.indexOf('-');
    Matcher m = CAUSE.matcher(c);
    boolean parts = m.find();
    Matcher rt = LEADING.matcher(runTime == null ? "" : runTime.strip());
    return Enrichment.of(
        Extra.AMD_STATUS, status,
        Extra.AMD_SUBSTATUS, dash < 0 ? c : c.substring(0, dash),
        Extra.AMD_CAUSE, cause,
        Extra.AMD_RESPONSE, response,
        Extra.AMD_RUN_TIME_MS, rt.find() ? Integer.valueOf(rt.group()) : null,
        Extra.AMD_STATS, stats,
        Extra.AMD_SILENCE_MS, parts ? Integer.valueOf(m.group(1)) : null,
        Extra.AMD_VOICE_MS, parts ? Integer.valueOf(m.group(2)) : null,
        Extra.AMD_TOTAL_MS, parts ? Integer.valueOf(m.group(3)) : null);
  }

  private static boolean during(CallRow call, String at) {
    if (at == null) {
      return false;
    }
    long length = call.lengthInSec() == null ? 0 : Math.max(0, call.lengthInSec());
    return at.compareTo(call.callDate()) >= 0
        && at.compareTo(CallDates.plusSeconds(call.callDate(), length + LATE)) <= 0;
  }
}
