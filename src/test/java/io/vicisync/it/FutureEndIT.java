package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A telephony server whose clock runs hours ahead stamps end_epoch in the future, and a broken
 * script can write 4294967295: such a call is reported once, naming it and the gap, and sent; it is
 * not watched in silence until that date.
 */
class FutureEndIT extends ViciTest {

  @Test
  void aCallThatEndsInTheFutureIsReportedOnceAndSentNotWatchedUntilThen() throws Exception {
    long now = vici.dbNow();
    String ahead = (now - 100) + ".1";
    String max = (now - 100) + ".2";
    vici.insert(new Vici.Call(ahead, vici.local(now - 100), now - 100).answered(30, "SALE"));
    vici.insert(new Vici.Call(max, vici.local(now - 90), now - 90).answered(20, "NA"));
    vici.sql(
        "UPDATE vicidial_log SET end_epoch = "
            + (now + 7200)
            + " WHERE uniqueid = '"
            + ahead
            + "'");
    vici.sql("UPDATE vicidial_log SET end_epoch = 4294967295 WHERE uniqueid = '" + max + "'");

    Vici.Result first = vici.run("run");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.err())
        .contains("call " + ahead + " ended 2 h in the future")
        .contains("call " + max + " ended ")
        .contains("its end_epoch is ahead of the database's clock");
    Vici.Result second = vici.run("run");
    assertThat(second.err()).as("said once").isEmpty();
    assertThat(receiver.countByUniqueid()).containsEntry(ahead, 1).containsEntry(max, 1);
    assertThat(vici.run("status", "--json").out())
        .as("neither is watched until its end_epoch")
        .containsPattern("\"watching\" ?: ?0")
        .doesNotContainPattern("\"watching\" ?: ?[1-9]");
  }
}
