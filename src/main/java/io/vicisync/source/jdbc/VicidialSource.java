package io.vicisync.source.jdbc;

import io.vicisync.VicisyncException;
import io.vicisync.config.DbSettings;
import io.vicisync.source.Backlog;
import io.vicisync.source.CallReader;
import io.vicisync.source.CallRow;
import io.vicisync.source.CallScanner;
import io.vicisync.source.CallTable;
import io.vicisync.source.KeysetCriteria;
import io.vicisync.source.ScanKey;
import io.vicisync.source.ScanRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code vicidial_log}. Every query is bounded by an index ({@code call_date}, the primary
 * key or {@code lead_id}) and every result is read to the end before it is returned, because a
 * MyISAM table stays read-locked against the dialer's UPDATEs while a result streams.
 */
public final class VicidialSource implements CallReader, AutoCloseable {
  private final Session session;
  private final Connection conn;
  private final AgentDispositions agentDispositions = new AgentDispositions();

  private VicidialSource(Session session) {
    this.session = session;
    this.conn = session.connection();
  }

  /** A connection to {@code db} with vicisync's statement limits; throws why it cannot be had. */
  public static VicidialSource open(DbSettings db) {
    return new VicidialSource(Session.open(db));
  }

  @Override
  public long nowEpoch() {
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT UNIX_TIMESTAMP()")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw explain("reading the database clock", e, CallTable.LOG.sqlName());
    }
  }

  /** The epoch of a VICIdial local time, converted by the database in the session time zone. */
  @Override
  public long epochOf(String local) {
    try (PreparedStatement st = conn.prepareStatement("SELECT UNIX_TIMESTAMP(?)")) {
      st.setString(1, local);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw explain("converting " + local + " to an epoch", e, CallTable.LOG.sqlName());
    }
  }

  /**
   * The local {@code call_date} range holding every local time the epochs {@code from..to} map to.
   * The database converts, in the session time zone VICIdial's own writes use; across a DST
   * fall-back the local image of the interval is an hour wider than its length, which the LEAST and
   * GREATEST below capture.
   */
  @Override
  public ScanRange scanRange(long fromEpoch, long toEpoch) {
    long span = Math.max(0, toEpoch - fromEpoch);
    String sql =
        "SELECT DATE_FORMAT(LEAST(FROM_UNIXTIME(?), FROM_UNIXTIME(?) - INTERVAL ? SECOND), "
            + CallRows.LOCAL
            + "), DATE_FORMAT(GREATEST(FROM_UNIXTIME(?), FROM_UNIXTIME(?) + INTERVAL ?"
            + " SECOND), "
            + CallRows.LOCAL
            + ")";
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      st.setLong(1, fromEpoch);
      st.setLong(2, toEpoch);
      st.setLong(3, span);
      st.setLong(4, toEpoch);
      st.setLong(5, fromEpoch);
      st.setLong(6, span);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return new ScanRange(rs.getString(1), rs.getString(2), toEpoch);
      }
    } catch (SQLException e) {
      throw explain("computing the scan range", e, CallTable.LOG.sqlName());
    }
  }

  /** The rows {@code criteria} selects, at most {@code limit}, in its order. */
  @Override
  public List<CallRow> readAfter(KeysetCriteria criteria, int limit) {
    return query(
        select(criteria, limit),
        criteria.binds(),
        "reading calls from " + criteria.table(),
        criteria.table());
  }

  /** A keyset query's text: what a poll sends, and what doctor EXPLAINs. */
  static String select(KeysetCriteria criteria, int limit) {
    return "SELECT "
        + CallRows.select(criteria.table())
        + " FROM "
        + criteria.table().sqlName()
        + " WHERE "
        + criteria.where()
        + " ORDER BY "
        + criteria.orderBy()
        + " LIMIT "
        + limit;
  }

  /** Rows with {@code lower <= call_date <= upper}: an index-only count, for a progress total. */
  @Override
  public long count(CallTable table, String lower, String upper) {
    String sql =
        "SELECT COUNT(*) FROM " + table.sqlName() + " WHERE call_date >= ? AND call_date" + " <= ?";
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      st.setString(1, lower);
      st.setString(2, upper);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw explain("counting calls in " + table, e, table.sqlName());
    }
  }

  /**
   * The calls past the run's cursor ({@code call_date > afterLocal}) that a run would send now:
   * ended at least {@code settleSeconds} ago, status not one of {@code holdStatuses}. Walked like a
   * poll, in short keyset queries over adaptive call_date slices, each a few milliseconds of the
   * MyISAM read lock, so that counting a day's backlog does not stall the dialer's writes on every
   * monitoring poll; it stops after {@link Backlog#CAP} rows.
   */
  public Backlog backlog(
      CallTable table, String afterLocal, long settleSeconds, Collection<String> holdStatuses) {
    long now = nowEpoch();
    ScanRange range = new ScanRange(afterLocal, scanRange(now, now).upperLocal(), now);
    CallScanner walk =
        new CallScanner(this, table, range, ScanKey.wholeSecond(afterLocal), BACKLOG_SLICE);
    long calls = 0;
    long scanned = 0;
    long oldest = 0;
    while (!walk.done() && scanned < Backlog.CAP) {
      for (CallRow r : walk.next()) {
        scanned++;
        if (r.ended()
            && r.endEpoch() <= now - settleSeconds
            && (r.status() == null || !holdStatuses.contains(r.status()))) {
          calls++;
          oldest = oldest == 0 ? r.endEpoch() : Math.min(oldest, r.endEpoch());
        }
      }
    }
    return new Backlog(calls, !walk.done(), oldest);
  }

  /** Rows per backlog query: a few milliseconds of the table's read lock. */
  static final int BACKLOG_SLICE = 2_000;

  @Override
  public List<CallRow> legs(CallTable table, Collection<String> callUniqueids) {
    if (callUniqueids.isEmpty()) {
      return List.of();
    }
    return query(
        "SELECT "
            + CallRows.select(table)
            + " FROM "
            + table.sqlName()
            + " WHERE uniqueid IN ("
            + String.join(",", Collections.nCopies(callUniqueids.size(), "?"))
            + ")",
        new ArrayList<>(callUniqueids),
        "reading the legs of calls in " + table,
        table);
  }

  /** Below any date a dialer writes: what no poll's call_date range can reach. */
  static final String UNDATED_BELOW = "1971-01-01 00:00:00";

  @Override
  public List<CallRow> readUndated(CallTable table, String afterId, int limit) {
    List<Object> args = new ArrayList<>(List.of(UNDATED_BELOW));
    String after = "";
    if (afterId != null) {
      after = " AND " + table.idColumn() + " > ?";
      args.add(afterId);
    }
    return query(
        "SELECT "
            + CallRows.select(table)
            + " FROM "
            + table.sqlName()
            + " WHERE (call_date IS NULL OR call_date < ?) AND end_epoch > 0"
            + after
            + " ORDER BY "
            + table.idColumn()
            + " LIMIT "
            + limit,
        args,
        "reading calls without a call_date",
        table);
  }

  @Override
  public Optional<String> oldest(CallTable table) {
    try {
      List<String> r =
          select(
              "SELECT DATE_FORMAT(MIN(call_date), "
                  + CallRows.LOCAL
                  + ") FROM "
                  + table.sqlName()
                  + " WHERE call_date >= ?", // not a zero date a non-strict server stored
              List.of(UNDATED_BELOW),
              rs -> rs.getString(1));
      return Optional.ofNullable(r.isEmpty() ? null : r.get(0));
    } catch (SQLException e) {
      throw explain("finding the oldest call in " + table, e, table.sqlName());
    }
  }

  /** Whether the table exists in this database (the archive does only once archiving ran). */
  @Override
  public boolean exists(CallTable table) {
    try (PreparedStatement st =
        conn.prepareStatement(
            "SELECT 1 FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?")) {
      st.setString(1, table.sqlName());
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw explain("looking for " + table, e, CallTable.LOG.sqlName());
    }
  }

  /** Calls by primary key; ids that are gone (archived or rewritten) are simply absent. */
  @Override
  public Map<String, CallRow> findByUniqueid(CallTable table, Collection<String> uniqueids) {
    if (uniqueids.isEmpty()) {
      return new LinkedHashMap<>();
    }
    String marks = String.join(",", Collections.nCopies(uniqueids.size(), "?"));
    List<CallRow> rows =
        query(
            "SELECT "
                + CallRows.select(table)
                + " FROM "
                + table.sqlName()
                + " WHERE "
                + table.idColumn()
                + " IN ("
                + marks
                + ")",
            new ArrayList<>(uniqueids),
            "looking up calls by " + table.idColumn() + " in " + table,
            table);
    Map<String, CallRow> byId = new LinkedHashMap<>();
    rows.forEach(r -> byId.put(r.uniqueid(), r));
    return byId;
  }

  /** The rows of one lead at one call_date: how a call is found after VICIdial rewrote its id. */
  @Override
  public List<CallRow> findByLead(CallTable table, long leadId, String callDate) {
    return query(
        "SELECT "
            + CallRows.select(table)
            + " FROM "
            + table.sqlName()
            + " WHERE lead_id = ? AND"
            + " call_date = ?",
        List.of(leadId, callDate),
        "looking up a call whose uniqueid" + " changed",
        table);
  }

  @Override
  public Map<String, String> agentDispositions(List<CallRow> inWrapup) {
    try {
      return agentDispositions.of(this, inWrapup);
    } catch (SQLException e) {
      throw explain("reading the agent log for calls in wrap-up", e, TalkLookup.AGENT_LOG);
    }
  }

  private List<CallRow> query(String sql, List<?> args, String doing, CallTable table) {
    try {
      return select(sql, args, CallRows::row);
    } catch (SQLException e) {
      throw explain(doing, e, table.sqlName());
    }
  }

  /** Runs a query and reads its result to the end (the MyISAM read lock ends with it). */
  <T> List<T> select(String sql, List<?> args, Session.RowMapper<T> mapper) throws SQLException {
    return session.select(sql, args, mapper);
  }

  /** A driver error as one actionable line; a GRANT it suggests names the matched account. */
  VicisyncException explain(String doing, SQLException e, String table) {
    return session.explain(doing, e, table);
  }

  DbSettings db() {
    return session.db();
  }

  String account() {
    return session.account();
  }

  Connection connection() {
    return conn;
  }

  @Override
  public void close() {
    session.close();
  }
}
