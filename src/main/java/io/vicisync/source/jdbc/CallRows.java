package io.vicisync.source.jdbc;

import io.vicisync.source.CallRow;
import io.vicisync.source.CallTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a {@link CallRow} is read from a call table: the select list, made from {@link
 * CallTable#columns}, and the mapping of a result row in the same order, side by side.
 */
final class CallRows {
  private CallRows() {}

  /** VICIdial's local time as text: call_date is compared as it is written, never converted. */
  static final String LOCAL = "'%Y-%m-%d %H:%i:%s'";

  /** Each table's select list, made once. */
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

  /** The columns of a {@link CallRow}, from {@code table}: a column it lacks is NULL. */
  static String select(CallTable table) {
    return SELECT.get(table);
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

  /** A result row of {@link #select}'s columns. */
  static CallRow row(ResultSet rs) throws SQLException {
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
}
