package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A non-strict server stores a bad call_date as NULL or as the zero date: no poll's call_date range
 * reaches such a row, yet it is a call the DID Optimizer should count.
 */
class UndatedIT extends ViciTest {

  @Test
  void callsWithANullOrZeroCallDateAreSentOnceAndReconcileCountsThem() throws Exception {
    vici.insertFinished(3, "1700000800.");
    long now = vici.dbNow();
    try (Connection c = vici.connect();
        Statement st = c.createStatement()) {
      st.execute("SET SESSION sql_mode = ''"); // as VICIdial's installer leaves MariaDB
      st.execute(
          "INSERT INTO vicidial_log (uniqueid, lead_id, campaign_id, call_date, start_epoch,"
              + " end_epoch, length_in_sec, status, phone_number) VALUES"
              + " ('1700000801.1', 7, 'CAMP1', NULL, "
              + (now - 300)
              + ", "
              + (now - 250)
              + ", 50, 'SALE', '5551230001'),"
              + " ('1700000801.2', 8, 'CAMP1', '0000-00-00 00:00:00', "
              + (now - 200)
              + ", "
              + (now - 200)
              + ", 0, 'NA', '5551230002'),"
              + " ('1700000801.3', 9, 'CAMP1', NULL, "
              + (now - 100)
              + ", NULL, 0, 'INCALL', '5551230003')");
    }

    Vici.Result before = vici.run("reconcile", "--minutes", "60");
    assertThat(before.out()).containsPattern("\\(no call_date\\)\\s+2\\s+0\\s");

    assertThat(vici.run("run").exit()).isZero();
    assertThat(vici.run("run").exit()).isZero();

    assertThat(receiver.countByUniqueid())
        .containsEntry("1700000801.1", 1)
        .containsEntry("1700000801.2", 1)
        .doesNotContainKey("1700000801.3") // not ended: nothing to send yet
        .hasSize(5);
    Vici.Result after = vici.run("reconcile", "--minutes", "60");
    assertThat(after.exit()).as(after.out()).isZero();
    assertThat(after.out()).containsPattern("\\(no call_date\\)\\s+2\\s+2\\s");
  }
}
