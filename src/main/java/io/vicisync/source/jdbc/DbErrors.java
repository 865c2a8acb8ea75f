package io.vicisync.source.jdbc;

import io.vicisync.ExitCode;
import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.config.DbSettings;
import io.vicisync.source.CallSource;
import java.sql.SQLException;

/** Turns a driver exception into one line an administrator can act on, with the right exit code. */
final class DbErrors {
  private DbErrors() {}

  static VicisyncException explain(DbSettings db, String doing, SQLException e) {
    // the table every installation reads: the one a missing GRANT is most likely for
    return explain(db, null, doing, e, CallSource.OUTBOUND.table().sqlName());
  }

  /**
   * {@code table}: the table a missing GRANT would be for; {@code account}: the account MariaDB
   * matched ({@code 'cron'@'%'}), or null to name the configured user and host.
   */
  static VicisyncException explain(
      DbSettings db, String account, String doing, SQLException e, String table) {
    String where = db.user() + "@" + db.host() + ":" + db.port() + "/" + db.name();
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String msg = Text.oneLine(firstLine(e.getMessage()), 300);
    // 1045 a wrong password or no such user; 1698 a user without a password that may not log in
    // so (unix_socket): neither is fixed by trying again, whatever error code the driver gives
    int code = state.equals("28000") && e.getErrorCode() != 1044 ? 1045 : e.getErrorCode();
    return switch (code) {
      case 1045, 1698 ->
          new VicisyncException(
              ExitCode.PERMISSION,
              "database refused login for "
                  + where
                  + " ("
                  + msg
                  + "): check VARDB_user and VARDB_pass"
                  + " in astguiclient.conf or $VICIDIAL_DB_USER/$VICIDIAL_DB_PASSWORD; a user"
                  + " that does not exist yet: "
                  + grant(db, null, table).replace(";", " IDENTIFIED BY 'a password';")
                  + (db.passwordCaution() == null ? "" : "; note: " + db.passwordCaution()));
      case 1142, 1143, 1044 ->
          new VicisyncException(
              ExitCode.PERMISSION,
              "database user "
                  + db.user()
                  + " may not read while "
                  + doing
                  + " ("
                  + msg
                  + "): run"
                  + " "
                  + grant(db, account, table));
      case 1049 ->
          new VicisyncException(
              ExitCode.CONFIG,
              "database "
                  + db.name()
                  + " does not exist on "
                  + db.host()
                  + ":"
                  + db.port()
                  + ": check VARDB_database in astguiclient.conf or $VICIDIAL_DB_NAME");
      case 1146, 1054 ->
          new VicisyncException(
              ExitCode.CONFIG,
              "while " + doing + " on " + where + ": " + msg + "; is this VICIdial's database?");
      case 1205, 1969, 3024 ->
          VicisyncException.busy(
              table
                  + " is locked by another session (or a query there ran past "
                  + Session.STATEMENT_LIMIT_SECONDS
                  + " s) while "
                  + doing
                  + " ("
                  + msg
                  + "); vicisync does not keep the dialer waiting: nothing was skipped, the next run"
                  + " resumes. If it lasts, look for LOCK TABLES or a long query in SHOW"
                  + " PROCESSLIST",
              e);
      case 1298 ->
          new VicisyncException(
              ExitCode.CONFIG,
              "database "
                  + where
                  + " does not know the time zone in [sync] db_time_zone ("
                  + msg
                  + "): load the zone tables with mariadb-tzinfo-to-sql or use an offset like"
                  + " '-05:00'");
      default ->
          state.startsWith("08") || e.getErrorCode() == 0
              ? new VicisyncException(
                  ExitCode.TEMPORARY,
                  "cannot reach the database "
                      + where
                      + " while "
                      + doing
                      + " ("
                      + msg
                      + "); the"
                      + " next run retries",
                  e)
              : new VicisyncException(
                  ExitCode.TEMPORARY,
                  "database error while " + doing + " on " + where + ": " + msg,
                  e);
    };
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no message";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /**
   * The statement that lets the user read {@code table}, for the account MariaDB matched at login
   * (a user created as {@code 'cron'@'%'} is not {@code 'cron'@'localhost'}, and a GRANT to the
   * latter would fail or create a second account).
   */
  static String grant(DbSettings db, String account, String table) {
    return "GRANT SELECT ON "
        + db.name()
        + "."
        + table
        + " TO "
        + (account != null ? account : "'" + db.user() + "'@'" + db.host() + "'")
        + ";";
  }
}
