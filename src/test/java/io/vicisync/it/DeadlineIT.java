package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every run ends on time and releases the lock, whatever the database and receiver do. */
class DeadlineIT extends ViciTest {

  @Test
  void aLockedTableEndsTheRunWithinSecondsSayingSoAndSkipsNothing() throws Exception {
    vici.insertFinished(10, "1700000601.");
    assertThat(vici.run("run").exit()).as("a checkpoint, for check's backlog").isZero();
    vici.insertFinished(10, "1700000611.");
    try (Connection admin = vici.connect();
        Statement st = admin.createStatement()) {
      st.execute("LOCK TABLES vicidial_log WRITE");
      long t0 = System.nanoTime();
      Vici.Result r = vici.run("run");
      long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);

      assertThat(r.exit()).isEqualTo(75);
      assertThat(r.err())
          .contains("vicidial_log is locked by another session")
          .contains("nothing was skipped")
          .doesNotContain("cannot reach")
          .hasLineCount(1);
      assertThat(took).as("seconds, against the old 120 s socket timeout").isLessThan(15);

      long c0 = System.nanoTime();
      Vici.Result check = vici.run("check", "--timeout", "2");
      long checkTook = TimeUnit.MILLISECONDS.convert(System.nanoTime() - c0, TimeUnit.NANOSECONDS);
      assertThat(check.exit())
          .as("a lock says nothing of the sync: UNKNOWN with the reason, not CRITICAL")
          .isEqualTo(3);
      assertThat(check.out()).startsWith("VICISYNC UNKNOWN - database:").contains("locked");
      assertThat(checkTook).as("ms check took with --timeout 2").isLessThan(4000);
      st.execute("UNLOCK TABLES");
    }
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(20);
  }

  @Test
  void maxRunTimeBoundsARunPostingToASlowReceiver() throws Exception {
    vici.insertFinished(300, "1700000602.");
    receiver.delay(500);
    vici.sync("max_in_flight = 2");
    long t0 = System.nanoTime();
    Vici.Result r = vici.run("run", "--max-run-time", "3");
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    assertThat(r.exit()).isZero();
    assertThat(took).as("ms for --max-run-time 3 s").isLessThan(3000 + 2000);
    assertThat(receiver.requests()).isLessThan(300);

    receiver.delay(0);
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(300);
    assertThat(receiver.countByUniqueid().values()).containsOnly(1);
  }
}
