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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Reads {@code vicidial_log}. Every query is bounded by an index ({@code call_date}, the primary
 * key or {@code lead_id}) and every result is read to the end before it is returned, because a
 * MyISAM table stays read-locked against the dialer's UPDATEs while a result streams.
 */
public final class VicidialSource implements CallReader, AutoCloseable {
  private static final String LOCAL = "'%Y-%m-%d %H:%i:%s'";

  /** Each table's select list, made once from {@link CallTable#columns}. */
  private static final Map<CallTable, String> SELECT = new EnumMap<>(CallTable.class);

  static {
    for (CallTable t : CallTable.values()) {
      SELECT.put(
          t,
          t.columns().stream()
              .map(
                  c ->
                      c.map(
                              n ->
                                  n.equals("call_date")
                                      ? "DATE_FORMAT(call_date, " + LOCAL + ")"
                                      : n)
                          .orElse("NULL"))
              .collect(Collectors.joining(", ")));
    }
  }

  /** The columns of a {@link CallRow}, from {@code table}. */
  private static String columns(CallTable table) {
    return SELECT.get(table);
  }

  /** Where a manual dial's rewritten uniqueid is looked for: only the dialer rewrites ids. */
  private final DbSettings db;

  private final Connection conn;
  private String account;
  private final AgentDispositions agentDispositions = new AgentDispositions();

  private VicidialSource(DbSettings db, Connection conn) {
    this.db = db;
    this.conn = conn;
  }

  /**
   * No statement of ours may run, or wait for a table lock, longer than this. Each takes
   * milliseconds; one that waits is queued behind a lock (LOCK TABLES, a long admin query on the
   * MyISAM table), and the dialer's own writes queue behind it: better to stop and let the next run
   * try again.
   */
  public static final int STATEMENT_LIMIT_SECONDS = 5;

  /** MariaDB's max_statement_time and the lock wait limit, on this session only. */
  private static void limitStatements(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET SESSION lock_wait_timeout = " + STATEMENT_LIMIT_SECONDS);
      try {
        st.execute("SET SESSION max_statement_time = " + STATEMENT_LIMIT_SECONDS);
      } catch (SQLException notMariaDb) {
        // MySQL has no max_statement_time (error 1193); the lock wait limit still holds
        if (notMariaDb.getErrorCode() != 1193) {
          throw notMariaDb;
        }
      }
    }
  }

  private static final java.sql.Driver DRIVER = new org.mariadb.jdbc.Driver();

  public static VicidialSource open(DbSettings db) {
    Properties p = new Properties();
    p.setProperty("user", db.user());
    p.setProperty("password", db.password());
    p.setProperty("connectTimeout", "10000");
    // A server that stops answering would hold the run's lock forever; the statement limit
    // below ends every query of ours well before this.
    p.setProperty("socketTimeout", String.valueOf((STATEMENT_LIMIT_SECONDS + 10) * 1000));
    try {
      // the driver itself, not DriverManager, whose first use looks through every driver the
      // class path could hold: a cost cron would pay every minute for one known driver
      Connection c = DRIVER.connect(db.jdbcUrl(), p);
      if (c == null) {
        throw new SQLException("not a MariaDB address: " + db.jdbcUrl(), "08001");
      }
      limitStatements(c);
      if (!db.timeZone().isEmpty()) {
        try (PreparedStatement st = c.prepareStatement("SET time_zone = ?")) {
          st.setString(1, db.timeZone());
          st.execute();
        }
      }
      return new VicidialSource(db, c);
    } catch (SQLException e) {
      throw DbErrors.explain(db, "connecting", e);
    }
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
            + LOCAL
            + "), DATE_FORMAT(GREATEST(FROM_UNIXTIME(?), FROM_UNIXTIME(?) + INTERVAL ?"
            + " SECOND), "
            + LOCAL
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
        + columns(criteria.table())
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
            + columns(table)
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
            + columns(table)
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
                  + LOCAL
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
                + columns(table)
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
            + columns(table)
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
      return select(sql, args, VicidialSource::row);
    } catch (SQLException e) {
      throw explain(doing, e, table.sqlName());
    }
  }

  /** One row of a result, mapped. */
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Runs a query and reads its result to the end (the MyISAM read lock ends with it). */
  <T> List<T> select(String sql, List<?> args, RowMapper<T> mapper) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        st.setObject(i + 1, args.get(i));
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
      }
      return rows;
    }
  }

  DbSettings db() {
    return db;
  }

  /** A driver error as one actionable line; a GRANT it suggests names the matched account. */
  VicisyncException explain(String doing, SQLException e, String table) {
    return DbErrors.explain(db, denied(e) ? account() : null, doing, e, table);
  }

  static boolean denied(SQLException e) {
    return e.getErrorCode() == 1142 || e.getErrorCode() == 1143 || e.getErrorCode() == 1044;
  }

  /** The account MariaDB matched at login, as {@code 'user'@'host'}; null if it cannot say. */
  String account() {
    if (account == null) {
      try (Statement st = conn.createStatement();
          ResultSet rs = st.executeQuery("SELECT CURRENT_USER()")) {
        rs.next();
        String u = rs.getString(1);
        int at = u.lastIndexOf('@');
        account =
            at < 0 ? "'" + u + "'" : "'" + u.substring(0, at) + "'@'" + u.substring(at + 1) + "'";
      } catch (SQLException e) {
        return null;
      }
    }
    return account;
  }

  Connection connection() {
    return conn;
  }

  /** One decode of the column, not two (getObject, then getLong): a poll reads thousands. */
  private static Long longOrNull(ResultSet rs, int col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }

  private static Integer intOrNull(ResultSet rs, int col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  private static CallRow row(ResultSet rs) throws SQLException {
    return new CallRow(
        rs.getString(1),
        rs.getLong(2),
        longOrNull(rs, 3),
        rs.getString(4),
        rs.getString(5),
        longOrNull(rs, 6),
        longOrNull(rs, 7),
        intOrNull(rs, 8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12),
        rs.getString(13),
        rs.getString(14),
        rs.getString(15),
        rs.getString(16),
        intOrNull(rs, 17),
        rs.getString(18));
  }

  @Override
  public void close() {
    try {
      conn.close();
    } catch (SQLException ignored) {
      // closing after the run's work is done; nothing is lost if the socket is already gone
    }
  }
}
