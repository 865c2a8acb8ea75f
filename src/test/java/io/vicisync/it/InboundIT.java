package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vicisync.it.Vici.Call;
import org.junit.jupiter.api.Test;

/** --source inbound|both: vicidial_closer_log with its own cursor and ledger. */
class InboundIT extends ViciTest {

  /** A row as VICIdial writes it when a call reaches an in-group. */
  private void closer(String uniqueid, String ingroup, long start, Long end, String status)
      throws Exception {
    vici.sql(
        "INSERT INTO vicidial_closer_log (lead_id, list_id, campaign_id, call_date,"
            + " start_epoch, end_epoch, length_in_sec, status, phone_code, phone_number, user,"
            + " processed, queue_seconds, user_group, term_reason, uniqueid) VALUES (700, 998, '"
            + ingroup
            + "', '"
            + vici.local(start)
            + "', "
            + start
            + ", "
            + (end == null ? "NULL" : end)
            + ", "
            + (end == null ? 0 : end - start)
            + ", '"
            + status
            + "', '1', '3125550199',"
            + " 'agent7', 'N', 4.5, 'AGENTS', 'CALLER', '"
            + uniqueid
            + "')");
  }

  @Test
  void inboundCallsArriveOnceWithTheirFinalStatus() throws Exception {
    long t = vici.dbNow() - 400;
    closer("1800000040.1", "SALESLINE", t, t + 90, "SALE");
    // one call through two in-groups: two rows, one uniqueid
    closer("1800000040.2", "FRONTDESK", t + 10, t + 20, "XFER");
    closer("1800000040.2", "BILLING", t + 20, t + 200, "INCALL");

    Vici.Result first = vici.run("run", "--source", "inbound");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(receiver.posts())
        .as("FRONTDESK is a leg of a call whose last leg, BILLING, is still up")
        .hasSize(1)
        .allSatisfy(p -> assertThat(p.body().get("callDirection").asText()).isEqualTo("inbound"));
    assertThat(receiver.posts().get(0).body().get("campaignId").asText()).isEqualTo("SALESLINE");

    vici.sql("UPDATE vicidial_closer_log SET status = 'PAID' WHERE campaign_id = 'BILLING'");
    assertThat(vici.run("run", "--source", "inbound").exit()).isZero();
    assertThat(vici.run("run", "--source", "inbound").exit()).isZero();

    assertThat(receiver.countByUniqueid())
        .as("one uniqueid, one post")
        .containsEntry("1800000040.1", 1)
        .containsEntry("1800000040.2", 1);
    assertThat(receiver.posts().get(1).body().get("campaignId").asText()).isEqualTo("BILLING");
    assertThat(receiver.posts().get(1).disposition())
        .as("the last leg, held until its disposition")
        .isEqualTo("PAID");
    assertThat(receiver.posts().get(1).body().get("duration").asInt()).isEqualTo(180);
    assertThat(vici.stateDir.resolve("checkpoint-inbound.json")).exists();
    assertThat(vici.checkpoint()).as("the outbound cursor is untouched").doesNotExist();
  }

  @Test
  void anOutboundCallTransferredToAnInGroupIsOnePostWithItsLastLegAndItsDid() throws Exception {
    long t = vici.dbNow() - 400;
    // a call delivered before it was transferred
    vici.insert(new Call("1800000043.2", vici.local(t + 5), t + 5).lead(701).answered(20, "A"));
    assertThat(vici.run("run", "--source", "outbound").exit()).isZero();
    closer("1800000043.2", "CLOSERS", t + 30, t + 90, "NI");
    // the dialer's leg, with the caller ID it presented ...
    vici.insert(new Call("1800000043.1", vici.local(t), t).lead(700).answered(40, "XFER"));
    vici.sql(
        "INSERT INTO vicidial_log_extended (uniqueid, server_ip, call_date, lead_id, caller_code)"
            + " VALUES ('1800000043.1', '10.0.0.5', '"
            + vici.local(t)
            + "', 700, 'V1130000000000000700')");
    vici.sql(
        "INSERT INTO vicidial_dial_log (caller_code, lead_id, server_ip, call_date, outbound_cid)"
            + " VALUES ('V1130000000000000700', 700, '10.0.0.5', '"
            + vici.local(t)
            + "', '\"V1130000000000000700\" <13125550142>')");
    // ... and the in-group leg a closer dispositioned
    closer("1800000043.1", "CLOSERS", t + 40, t + 160, "SALE");

    assertThat(vici.run("run", "--source", "both").exit()).isZero();
    assertThat(vici.run("run", "--source", "both").exit()).isZero();

    assertThat(receiver.countByUniqueid())
        .containsOnlyKeys("1800000043.1", "1800000043.2")
        .allSatisfy((id, n) -> assertThat(n).as(id).isOne());
    JsonNode merged = receiver.first("1800000043.1");
    assertThat(merged.get("disposition").asText()).isEqualTo("SALE");
    assertThat(merged.get("callDirection").asText()).isEqualTo("inbound");
    assertThat(merged.get("phoneNumber").asText())
        .as("counted against the DID that placed the call")
        .isEqualTo("3125550142");
    assertThat(receiver.first("1800000043.2").get("disposition").asText())
        .as("delivered before its transfer: not posted again (resend = never)")
        .isEqualTo("A");
    assertThat(vici.log()).contains("changed after delivery; not re-sent");
  }

  @Test
  void bothSourcesInOneRunEachArriveOnce() throws Exception {
    long t = vici.dbNow() - 300;
    vici.insert(
        new Call("1800000041.1", vici.local(t), t).answered(30, "SALE"),
        new Call("1800000041.2", vici.local(t + 1), t + 1).status("NA"));
    closer("1800000041.9", "SALESLINE", t + 5, t + 65, "SALE");

    assertThat(vici.run("run", "--source", "both").exit()).isZero();
    assertThat(vici.run("run", "--source", "both").exit()).isZero();

    assertThat(receiver.countByUniqueid())
        .containsOnlyKeys("1800000041.1", "1800000041.2", "1800000041.9")
        .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(receiver.posts())
        .filteredOn(p -> p.uniqueid().equals("1800000041.9"))
        .singleElement()
        .satisfies(p -> assertThat(p.body().get("callDirection").asText()).isEqualTo("inbound"));
    assertThat(receiver.posts())
        .filteredOn(p -> p.uniqueid().startsWith("1800000041.") && !p.uniqueid().endsWith(".9"))
        .allSatisfy(p -> assertThat(p.body().get("callDirection").asText()).isEqualTo("outbound"));
    assertThat(vici.log()).contains("summary: posted 2,").contains("summary (inbound): posted 1,");
  }

  @Test
  void backfillSendsInboundCallsTheReceiverLacksFromTheCloserLogAndItsArchive() throws Exception {
    long old = vici.dbNow() - 3 * 86_400;
    closer("1800000042.1", "SALESLINE", old, old + 60, "SALE");
    closer("1800000042.2", "SALESLINE", old + 100, old + 130, "NI");
    vici.sql("CREATE TABLE vicidial_closer_log_archive LIKE vicidial_closer_log");
    vici.sql(
        "INSERT INTO vicidial_closer_log_archive SELECT * FROM vicidial_closer_log WHERE"
            + " uniqueid = '1800000042.2'");
    vici.sql("DELETE FROM vicidial_closer_log WHERE uniqueid = '1800000042.2'");

    Vici.Result r = vici.run("backfill", "--source", "inbound", "--since", vici.local(old - 60));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("backfill (inbound)");
    assertThat(receiver.countByUniqueid()).containsOnlyKeys("1800000042.1", "1800000042.2");
    assertThat(receiver.posts())
        .allSatisfy(p -> assertThat(p.body().get("callDirection").asText()).isEqualTo("inbound"));
    assertThat(vici.stateDir.resolve("ledger-inbound")).isDirectory();
    assertThat(vici.stateDir.resolve("ledger")).doesNotExist();

    Vici.Result again =
        vici.run("backfill", "--source", "inbound", "--since", vici.local(old - 60));
    assertThat(again.exit()).isZero();
    assertThat(receiver.requests()).as("the inbound ledger knows them").isEqualTo(2);
  }

  @Test
  void reconcileFindsAndResendsAMissingInboundCall() throws Exception {
    long t = vici.dbNow() - 7200;
    closer("1800000043.1", "SALESLINE", t, t + 60, "SALE");
    closer("1800000043.2", "SALESLINE", t + 10, t + 40, "NI");
    String since = vici.local(t - 3600);

    Vici.Result before = vici.run("reconcile", "--source", "inbound", "--since", since);
    assertThat(before.exit()).as("both missing").isEqualTo(1);
    assertThat(before.out()).containsPattern("total +2 +0 +0 +0 +0 +2 +0");

    Vici.Result fixed =
        vici.run("reconcile", "--source", "inbound", "--since", since, "--resend-missing");
    assertThat(fixed.exit()).as(fixed.err()).isZero();
    assertThat(receiver.countByUniqueid()).containsOnlyKeys("1800000043.1", "1800000043.2");
    assertThat(vici.run("reconcile", "--source", "inbound", "--since", since).exit()).isZero();
  }

  @Test
  void anInboundDeadLetterReplaysFromTheCloserLogIntoTheInboundLedger() throws Exception {
    long t = vici.dbNow() - 300;
    closer("1800000044.1", "SALESLINE", t, t + 60, "SALE");
    vici.sql("UPDATE vicidial_closer_log SET phone_number = '' WHERE uniqueid = '1800000044.1'");
    assertThat(vici.run("run", "--source", "inbound").exit()).isEqualTo(65);
    assertThat(vici.run("dead-letters", "list").out()).contains("1800000044.1").contains("inbound");

    vici.sql(
        "UPDATE vicidial_closer_log SET phone_number = '3125550100' WHERE uniqueid ="
            + " '1800000044.1'");
    Vici.Result replay = vici.run("dead-letters", "replay");
    assertThat(replay.exit()).as(replay.err()).isZero();
    assertThat(receiver.posts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.body().get("phoneNumber").asText())
                  .as("as the closer log has it now")
                  .isEqualTo("3125550100");
              assertThat(p.body().get("callDirection").asText()).isEqualTo("inbound");
            });
    assertThat(vici.stateDir.resolve("ledger")).as("not the outbound ledger").doesNotExist();
    // the inbound ledger knows it now: the next inbound run does not post it again
    assertThat(vici.run("run", "--source", "inbound").exit()).isZero();
    assertThat(receiver.requests()).isEqualTo(2);
  }
}
