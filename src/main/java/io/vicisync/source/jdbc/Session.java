package io.vicisync.source.jdbc;

import io.vicisync.VicisyncException;
import io.vicisync.config.DbSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One connection to VICIdial's database, with vicisync's limits on it: every statement ends within
 * {@link #STATEMENT_LIMIT_SECONDS}, every result is read to the end before it is returned, and a
 * driver error becomes one actionable line.
 */
final class Session implements AutoCloseable {
  /**
   * No statement of ours may run, or wait for a table lock, longer than this. Each takes
   * milliseconds; one that waits is queued behind a lock (LOCK TABLES, a long admin query on the
   * MyISAM table), and the dialer's own writes queue behind it: better to stop and let the next run
   * try again.
   */
  static final int STATEMENT_LIMIT_SECONDS = 5;

  private static final java.sql.Driver DRIVER = new org.mariadb.jdbc.Driver();

  private final DbSettings db;
  private final Connection conn;
  private String account;

  private Session(DbSettings db, Connection conn) {
    this.db = db;
    this.conn = conn;
  }

  static Session open(DbSettings db) {
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
      return new Session(db, c);
    } catch (SQLException e) {
      throw DbErrors.explain(db, "connecting", e);
    }
  }

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

  Connection connection() {
    return conn;
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

  @Override
  public void close() {
    try {
      conn.close();
    } catch (SQLException ignored) {
      // closing after the run's work is done; nothing is lost if the socket is already gone
    }
  }
}
