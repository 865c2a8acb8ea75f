package io.vicisync.source.jdbc;

import io.vicisync.source.CallSource;
import io.vicisync.source.CallTable;
import io.vicisync.source.KeysetCriteria;
import io.vicisync.source.ScanKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code vicisync doctor} asks the database: grants, columns, the poll query's plan, time
 * zones. Read-only, and each question is one short statement.
 */
public final class Inspection {
  /** A table vicisync reads, the columns it reads there, and whether it must exist. */
  public record Table(String name, List<String> columns, boolean optional, String usedFor) {}

  /** The columns vicisync reads from {@code table}. */
  private static List<String> columns(CallTable table) {
    return table.columns().stream().flatMap(Optional::stream).toList();
  }

  /** The tables for these settings: outbound and/or inbound calls, and enrichment's. */
  public static List<Table> tables(List<CallSource> sources, boolean enrich) {
    List<Table> t = new ArrayList<>();
    for (CallSource src : sources) {
      t.add(new Table(src.table().sqlName(), columns(src.table()), false, src.wire() + " calls"));
      t.add(
          new Table(
              src.archive().sqlName(),
              columns(src.archive()),
              true,
              "backfill and reconcile of archived days (exists once VICIdial's archiver has run)"));
    }
    if (enrich) {
      t.addAll(Enricher.tables(sources.stream().anyMatch(CallSource::enriched)));
    }
    return t;
  }

  /**
   * Whether a table can be read and has the columns.
   *
   * @param problem null when readable; else why not, with the fix
   * @param missingColumns columns vicisync reads that the table lacks
   */
  public record Access(boolean exists, String problem, List<String> missingColumns) {}

  /**
   * The plan MariaDB chooses for the poll query.
   *
   * @param type EXPLAIN's access type (range, ref, ALL…)
   */
  public record Plan(String type, String possibleKeys, String key, long rows) {
    public boolean usesIndex() {
      return key != null && !"ALL".equalsIgnoreCase(type);
    }

    /** The call_date index exists and the optimizer may use it. */
    public boolean canUseCallDate() {
      return possibleKeys != null && List.of(possibleKeys.split(",")).contains("call_date");
    }
  }

  /** The database's time zone settings and clock against this JVM's. */
  public record Clock(String globalZone, String sessionZone, long offsetSeconds, long epoch) {}

  private final VicidialSource source;

  public Inspection(VicidialSource source) {
    this.source = source;
  }

  public String serverVersion() throws SQLException {
    return single("SELECT VERSION()");
  }

  public Access access(Table table) {
    try (Statement st = connection().createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + table.name() + " LIMIT 0")) {
      ResultSetMetaData md = rs.getMetaData();
      Set<String> have = new LinkedHashSet<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        have.add(md.getColumnName(i).toLowerCase(Locale.ROOT));
      }
      List<String> missing = table.columns().stream().filter(c -> !have.contains(c)).toList();
      return new Access(true, null, missing);
    } catch (SQLException e) {
      if (e.getErrorCode() == 1146) {
        return new Access(false, "no such table", List.of());
      }
      if (e.getErrorCode() == 1142 || e.getErrorCode() == 1143) {
        return new Access(
            true,
            "SELECT not granted; run "
                + DbErrors.grant(source.db(), source.account(), table.name()),
            List.of());
      }
      return new Access(
          true, source.explain("reading " + table.name(), e, table.name()).getMessage(), List.of());
    }
  }

  /** EXPLAIN of a poll's resumed keyset query over the last hour of {@code table}. */
  public Plan explainPoll(CallTable table) throws SQLException {
    String hourAgo = single("SELECT DATE_FORMAT(NOW() - INTERVAL 1 HOUR, '%Y-%m-%d %H:%i:%s')");
    String now = single("SELECT DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s')");
    KeysetCriteria resumed = new KeysetCriteria(table, new ScanKey(hourAgo, "0"), hourAgo, now);
    try (PreparedStatement st =
        connection().prepareStatement("EXPLAIN " + VicidialSource.select(resumed, 500))) {
      for (int i = 0; i < resumed.binds().size(); i++) {
        st.setString(i + 1, resumed.binds().get(i));
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return new Plan(
            rs.getString("type"),
            rs.getString("possible_keys"),
            rs.getString("key"),
            rs.getLong("rows"));
      }
    }
  }

  public Clock clock() throws SQLException {
    try (Statement st = connection().createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT @@global.time_zone, @@session.time_zone,"
                    + " TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW()), UNIX_TIMESTAMP()")) {
      rs.next();
      return new Clock(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4));
    }
  }

  private String single(String sql) throws SQLException {
    try (Statement st = connection().createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private Connection connection() {
    return source.connection();
  }
}
