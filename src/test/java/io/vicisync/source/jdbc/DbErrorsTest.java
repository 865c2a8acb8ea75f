package io.vicisync.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.config.DbSettings;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A refused login is the configuration's fault (77, with what to fix), never "try again" (75). */
class DbErrorsTest {
  static final DbSettings DB =
      new DbSettings("127.0.0.1", 3306, "asterisk", "cron", "", "", "", null);

  @Test
  void aLoginRefusedInAnyOfItsFormsIsAPermissionWithTheGrantToRun() {
    for (SQLException e :
        new SQLException[] {
          new SQLException(
              "Access denied for user 'cron'@'localhost' (using password: YES)", "28000", 1045),
          new SQLException("Access denied for user 'nobody'@'localhost'", "28000", 1698),
          new SQLException("Access denied for user 'nobody'@'localhost'", "28000", 0)
        }) {
      VicisyncException v = DbErrors.explain(DB, "connecting", e);
      assertThat(v.exitCode()).as(e.getMessage()).isEqualTo(ExitCode.PERMISSION);
      assertThat(v.getMessage())
          .contains("VARDB_user and VARDB_pass")
          .contains("GRANT SELECT ON asterisk.vicidial_log TO 'cron'@'127.0.0.1'");
    }
    assertThat(DbErrors.explain(DB, "connecting", new SQLException("gone", "08S01", 0)).exitCode())
        .as("a server that went away: the next run retries")
        .isEqualTo(ExitCode.TEMPORARY);
  }
}
